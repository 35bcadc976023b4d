using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Orchestrator.DeadLetters;

namespace OrderFulfillment.Orchestrator.Tests.DeadLetters;

/// <summary>
/// Replaying dead letters as an operator: a reply the order's state still takes is replayed and moves the order on,
/// with its message id; one the order no longer waits for is refused with why; edited bodies are checked against the
/// contract and schema first; every action records who (the token's <c>sub</c>, <c>test</c> here) and why.
/// </summary>
public sealed class DeadLetterReplayTests : DeadLetterFixture
{
    [Test]
    public async Task A_reply_the_order_waits_for_is_replayed_with_its_message_id_and_moves_the_order_on()
    {
        var order = await Rig.PlaceWaitingOrder();
        var messageId = Guid.NewGuid();
        await Rig.DeadLetter(Topics.InventoryReserved, order.ToString(), Reserved(order), messageId);
        var id = await Rig.IndexedFor(order);
        var verdict =
            (await Rig.Client.GetFromJsonAsync<JsonElement>($"/operations/dead-letters/{id}")).GetProperty("replay");
        verdict.GetProperty("allowed").GetBoolean().Should().BeTrue(verdict.GetProperty("reason").GetString());

        using var replay =
            await Rig.Post($"/operations/dead-letters/{id}/replay", new { note = "the database was restored" });

        replay.StatusCode.Should().Be(HttpStatusCode.OK, await replay.Content.ReadAsStringAsync());
        var done = await replay.Content.ReadFromJsonAsync<JsonElement>();
        done.GetProperty("status").GetString().Should().Be("replayed");
        done.GetProperty("action").GetProperty("by").GetString().Should().Be("test");
        done.GetProperty("action").GetProperty("note").GetString().Should().Be("the database was restored");
        done.GetProperty("action").GetProperty("edited").GetBoolean().Should().BeFalse();
        await Rig.WaitForState(order, "InventoryReserved");
        var history = (await Rig.Client.GetFromJsonAsync<JsonElement>($"/orders/{order}")).GetProperty("history")
            .EnumerateArray();
        history.Should().Contain(j => j.GetProperty("eventType").GetString() == nameof(InventoryReserved)
            && j.GetProperty("messageId").GetGuid() == messageId,
            "the saga took the replay under the dead letter's own message id");

        using var again = await Rig.Post($"/operations/dead-letters/{id}/replay", new { note = "once more" });
        await DeadLetterRig.Refused(again, "replayed", "test", "the database was restored");
    }

    [Test]
    public async Task A_record_that_came_without_a_message_id_is_replayed_under_the_id_it_was_consumed_with()
    {
        var order = await Rig.PlaceWaitingOrder();
        await Rig.DeadLetter(Topics.InventoryReserved, order.ToString(), Reserved(order), messageId: null);
        var id = await Rig.IndexedFor(order);
        var letter = await Rig.Client.GetFromJsonAsync<JsonElement>($"/operations/dead-letters/{id}");
        // As the rider's header provider derives the id of a record without one: from its place in the source topic.
        var partition = letter.GetProperty("sourcePartition").GetInt32();
        var offset = letter.GetProperty("sourceOffset").GetInt64();
        var place = $"{Topics.InventoryReserved.Name}/{partition}/{offset}";
        var derived = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(place)).AsSpan(0, 16));
        letter.GetProperty("messageId").GetGuid().Should().Be(derived);

        using var replay =
            await Rig.Post($"/operations/dead-letters/{id}/replay", new { note = "the database was restored" });

        replay.StatusCode.Should().Be(HttpStatusCode.OK, await replay.Content.ReadAsStringAsync());
        await Rig.WaitForState(order, "InventoryReserved");
        (await Rig.Client.GetFromJsonAsync<JsonElement>($"/orders/{order}")).GetProperty("history").EnumerateArray()
            .Should().Contain(j => j.GetProperty("eventType").GetString() == nameof(InventoryReserved)
                && j.GetProperty("messageId").GetGuid() == derived,
                "the replay carries the id the original was consumed under, not one derived from the replay's own " +
                "place");
    }

    [Test]
    public async Task A_replay_Kafka_does_not_acknowledge_changes_nothing()
    {
        var order = await Rig.PlaceWaitingOrder();
        await Rig.DeadLetter(Topics.InventoryReserved, order.ToString(), Reserved(order), Guid.NewGuid());
        var id = await Rig.IndexedFor(order);
        using var unreachable =
            new DeadLetterProducer(new ProducerConfig { BootstrapServers = "127.0.0.1:1", MessageTimeoutMs = 1000 });
        await using var scope = Rig.Api.Services.CreateAsyncScope();
        var actions = new DeadLetterActions(scope.ServiceProvider.GetRequiredService<OrdersDbContext>(),
            scope.ServiceProvider.GetRequiredService<DeadLetterReplayPolicy>(), unreachable, TimeProvider.System);

        var result = await actions.Replay(id, "test", "the database was restored", null, CancellationToken.None);

        result.Failure.Should().Contain("did not acknowledge").And.Contain("nothing changed");
        (await Rig.List($"orderId={order}&status=open")).Should().ContainSingle();
        (await Rig.State(order)).Should().Be("Placed");
    }

    [Test]
    public async Task A_dead_lettered_OrderPlaced_is_replayed_only_while_its_order_has_no_saga()
    {
        var order = Guid.NewGuid();
        var placed = DeadLetterRig.Avro(new OrderPlaced(Guid.NewGuid(), DateTimeOffset.UtcNow, order, "t", "c", "a",
            [new OrderLine("p", 1, 1m)]));
        await Rig.DeadLetter(Topics.OrderPlaced, order.ToString(), placed, Guid.NewGuid());
        await Rig.DeadLetter(Topics.OrderPlaced, order.ToString(), placed, Guid.NewGuid());
        var ids =
            (await Rig.Listed($"orderId={order}", 2)).Select(l => l.GetProperty("id").GetInt64()).Order().ToList();

        using var first =
            await Rig.Post($"/operations/dead-letters/{ids[0]}/replay", new { note = "the database was restored" });

        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        await Rig.WaitForState(order, "Placed");
        using var second =
            await Rig.Post($"/operations/dead-letters/{ids[1]}/replay", new { note = "the database was restored" });
        await DeadLetterRig.Refused(second, "is Placed", "no longer waits for OrderPlaced");
    }

    [Test]
    public async Task Two_operators_replaying_one_dead_letter_at_once_replay_it_once()
    {
        var order = await Rig.PlaceWaitingOrder();
        await Rig.DeadLetter(Topics.InventoryReserved, order.ToString(), Reserved(order), Guid.NewGuid());
        var id = await Rig.IndexedFor(order);

        var responses = await Task.WhenAll(Enumerable.Range(0,
            2).Select(_ => Rig.Post($"/operations/dead-letters/{id}/replay", new { note = "retry" })));

        responses.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        await DeadLetterRig.Refused(responses.Single(r => r.StatusCode == HttpStatusCode.Conflict), "replayed already");
        var landed = (await responses.Single(r =>
            r.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action");
        using var reader = new ConsumerBuilder<byte[], byte[]>(RiderHost.ReaderConfig("watermarks")).Build();
        var partition =
            new TopicPartition(Topics.InventoryReserved.Name, landed.GetProperty("replayPartition").GetInt32());
        reader.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value
            .Should().Be(landed.GetProperty("replayOffset").GetInt64() + 1,
                "nothing was produced after the one replay");
        Array.ForEach(responses, r => r.Dispose());
    }

    [Test]
    public async Task A_reply_the_order_no_longer_waits_for_is_refused_with_its_state()
    {
        var order = await Rig.PlaceWaitingOrder();
        await Rig.Produce(Topics.InventoryReserved.Name, order.ToString(), Reserved(order),
            [(KafkaHeaders.MessageId, Guid.NewGuid().ToString())]);
        await Rig.WaitForState(order, "InventoryReserved");
        await Rig.DeadLetter(Topics.InventoryReserved, order.ToString(), Reserved(order), Guid.NewGuid());
        var id = await Rig.IndexedFor(order);

        using var replay = await Rig.Post($"/operations/dead-letters/{id}/replay", new { note = "retry" });

        await DeadLetterRig.Refused(replay, order.ToString(), "is InventoryReserved",
            "no longer waits for InventoryReserved");
        (await Rig.List($"orderId={order}&status=open")).Should().ContainSingle("a refused replay changes nothing");
    }

    [Test]
    public async Task A_command_is_replayed_only_while_its_order_is_in_the_step_that_sent_it()
    {
        var waiting = await Rig.PlaceWaitingOrder();
        var moved = await Rig.PlaceWaitingOrder();
        var waitingCommand = await DeadLetterTheReserveCommand(waiting);
        var movedCommand = await DeadLetterTheReserveCommand(moved);
        await Rig.Produce(Topics.InventoryReservationFailed.Name, moved.ToString(),
            DeadLetterRig.Avro(
                new InventoryReservationFailed(Guid.NewGuid(), DateTimeOffset.UtcNow, moved, "t", "none left")),
            [(KafkaHeaders.MessageId, Guid.NewGuid().ToString())]);
        await Rig.WaitForState(moved, "Cancelled");

        using var refused =
            await Rig.Post($"/operations/dead-letters/{movedCommand.Id}/replay", new { note = "inventory is back" });
        await DeadLetterRig.Refused(refused, "is Cancelled (out_of_stock)", "ReserveInventory", "entering Placed");

        using var replayed =
            await Rig.Post($"/operations/dead-letters/{waitingCommand.Id}/replay", new { note = "inventory is back" });
        replayed.StatusCode.Should().Be(HttpStatusCode.OK, await replayed.Content.ReadAsStringAsync());
        var copies = await DeadLetterRig.ReadKeyed(Topics.ReserveInventory.Name, waiting, 2);
        copies.Select(r => DeadLetterRig.Header(r, KafkaHeaders.MessageId))
            .Should().AllBe(waitingCommand.MessageId.ToString(),
            "the replay keeps the message id, so the worker's inbox takes it once");
        copies[1].Message.Value.Should().Equal(copies[0].Message.Value);
        copies[1].Message.Headers.Select(h => h.Key)
            .Should().NotContain(k => k.StartsWith("DeadLetter-", StringComparison.Ordinal));
    }

    [Test]
    public async Task An_edited_body_is_checked_against_the_contract_and_schema_before_it_is_replayed()
    {
        var order = await Rig.PlaceWaitingOrder();
        await Rig.Produce(Topics.InventoryReserved.Name, order.ToString(),
            DeadLetterRig.Avro(new InventoryReserved(Guid.NewGuid(), DateTimeOffset.UtcNow, order, " ")),
            [(KafkaHeaders.MessageId, Guid.NewGuid().ToString())]);
        var id = await Rig.IndexedFor(order);
        var letter = await Rig.Client.GetFromJsonAsync<JsonElement>($"/operations/dead-letters/{id}");
        letter.GetProperty("summary").GetProperty("reason").GetString().Should().Be("invalid");
        letter.GetProperty("summary").GetProperty("field").GetString().Should().Be("tenantId");
        var body = JsonNode.Parse(letter.GetProperty("body").GetRawText())!.AsObject();

        await ShouldNotFit(id, Edited(body, b => b.Remove("tenantId")), "tenantId");
        await ShouldNotFit(id, Edited(body, b => b["occurredAt"] = "yesterday"), "occurredAt");
        await ShouldNotFit(id, Edited(body, b => b["tenantId"] = 42), "tenantId");
        await ShouldNotFit(id, Edited(body, b => b["unknown"] = "x"), "unknown");
        await ShouldNotFit(id, body, "tenantId");
        await ShouldNotFit(id, Edited(body, b => { b["tenantId"] = "t"; b["orderId"] = Guid.NewGuid().ToString(); }),
            "orderId");
        (await Rig.State(order)).Should().Be("Placed");

        using var fixedUp = await Rig.Post($"/operations/dead-letters/{id}/replay", new { note = "tenant was blank",
            body = Edited(body, b => b["tenantId"] = "t") });

        fixedUp.StatusCode.Should().Be(HttpStatusCode.OK, await fixedUp.Content.ReadAsStringAsync());
        (await fixedUp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetProperty("edited")
            .GetBoolean().Should().BeTrue();
        await Rig.WaitForState(order, "InventoryReserved");
    }

    [Test]
    public async Task A_discarded_dead_letter_records_who_and_why_and_is_not_replayed()
    {
        var order = Guid.NewGuid();
        await Rig.DeadLetter(Topics.PaymentCharged, order.ToString(), [1, 2, 3]);
        var id = await Rig.IndexedFor(order);

        using var noNote = await Rig.Post($"/operations/dead-letters/{id}/discard", new { note = " " });
        (await OrderFulfillment.Orchestrator.Tests.Api.OrchestratorApi.ProblemFields(noNote)).Should().Contain("note");
        using var discard = await Rig.Post($"/operations/dead-letters/{id}/discard", new { note = "test garbage" });

        discard.StatusCode.Should().Be(HttpStatusCode.OK);
        var listed = (await Rig.List($"orderId={order}&status=discarded")).Should().ContainSingle().Subject;
        listed.GetProperty("action").GetProperty("by").GetString().Should().Be("test");
        listed.GetProperty("action").GetProperty("note").GetString().Should().Be("test garbage");
        listed.GetProperty("action").GetProperty("at").GetDateTimeOffset()
            .Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        using var again = await Rig.Post($"/operations/dead-letters/{id}/discard", new { note = "again" });
        await DeadLetterRig.Refused(again, "discarded already", "test garbage");
        using var replay = await Rig.Post($"/operations/dead-letters/{id}/replay", new { note = "after all" });
        await DeadLetterRig.Refused(replay, "discarded already");
    }

    [Test]
    public async Task A_group_replay_replays_what_orders_wait_for_and_lists_the_rest_with_why()
    {
        var exception = "Test.GroupFailure" + Guid.NewGuid().ToString("N");
        var (first, second, moved) =
            (await Rig.PlaceWaitingOrder(), await Rig.PlaceWaitingOrder(), await Rig.PlaceWaitingOrder());
        await Rig.Produce(Topics.InventoryReserved.Name, moved.ToString(), Reserved(moved),
            [(KafkaHeaders.MessageId, Guid.NewGuid().ToString())]);
        await Rig.WaitForState(moved, "InventoryReserved");
        foreach (var order in new[] { first, second, moved })
        {
            await Rig.DeadLetter(Topics.InventoryReserved, order.ToString(), Reserved(order), Guid.NewGuid(),
                exceptionType: exception);
        }

        await Rig.DeadLetter(Topics.InventoryReserved, "no-order", [0], Guid.NewGuid(), exceptionType: exception);
        var letters = await Rig.Listed($"exception={exception}", 4);
        long IdOf(Guid? order) => letters.Single(l => (l.GetProperty(
            "orderId").ValueKind == JsonValueKind.Null ? null : l.GetProperty("orderId").GetGuid()) == order)
            .GetProperty("id").GetInt64();

        using var response = await Rig.Post("/operations/dead-letters/replay",
            new { note = "inventory events after the outage", messageType = "InventoryReserved", exception });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("matched").GetInt32().Should().Be(4);
        result.GetProperty("more").GetBoolean().Should().BeFalse();
        result.GetProperty("replayed").EnumerateArray().Select(r => r.GetProperty("id").GetInt64())
            .Should().BeEquivalentTo([IdOf(first), IdOf(second)]);
        var refused = result.GetProperty("refused").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetInt64(), r => r.GetProperty("reason").GetString());
        refused.Keys.Should().BeEquivalentTo([IdOf(moved), IdOf(null)]);
        refused[IdOf(moved)].Should().Contain("no longer waits for InventoryReserved");
        refused[IdOf(null)].Should().Contain("not an order id");
        await Rig.WaitForState(first, "InventoryReserved");
        await Rig.WaitForState(second, "InventoryReserved");

        using var unnamed = await Rig.Post("/operations/dead-letters/replay", new { note = "everything" });
        unnamed.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a group replay must name its group");
    }

    [Test]
    public async Task Without_the_operate_scope_every_dead_letter_endpoint_is_refused()
    {
        using var customer = Rig.Api.ClientAs(TestTokens.Bearer("t", "orders:read", "orders:write"));
        using var anonymous = Rig.Api.ClientAs(null);
        foreach (var (client, status) in new[] { (customer, HttpStatusCode.Forbidden),
            (anonymous, HttpStatusCode.Unauthorized) })
        {
            var responses = new[]
            {
                await client.GetAsync("/operations/dead-letters"),
                await client.GetAsync("/operations/dead-letters/groups"),
                await client.GetAsync("/operations/dead-letters/1"),
                await Rig.Post("/operations/dead-letters/1/replay", new { note = "n" }, client),
                await Rig.Post("/operations/dead-letters/1/discard", new { note = "n" }, client),
                await Rig.Post("/operations/dead-letters/replay", new { note = "n", reason = "faulted" }, client),
            };
            foreach (var response in responses)
            {
                using (response)
                {
                    response.StatusCode.Should().Be(status, response.RequestMessage!.RequestUri!.ToString());
                }
            }
        }
    }

    private static byte[] Reserved(Guid order) =>
        DeadLetterRig.Avro(new InventoryReserved(Guid.NewGuid(), DateTimeOffset.UtcNow, order, "t"));

    /// <summary>
    /// Copies the ReserveInventory the saga sent for the order to its dead-letter topic, as the inventory service would
    /// have.
    /// </summary>
    private async Task<(long Id, Guid MessageId)> DeadLetterTheReserveCommand(Guid order)
    {
        var sent = (await Rig.Client.GetFromJsonAsync<JsonElement>($"/orders/{order}"))
            .GetProperty("history")[0].GetProperty("sent")
            .EnumerateArray().Single(s => s.GetProperty("type").GetString() == nameof(ReserveInventory))
            .GetProperty("messageId").GetGuid();
        var command = (await DeadLetterRig.ReadKeyed(Topics.ReserveInventory.Name, order, 1))[0];
        DeadLetterRig.Header(command, KafkaHeaders.MessageId).Should().Be(sent.ToString());
        await Rig.DeadLetter(Topics.ReserveInventory, order.ToString(), command.Message.Value, sent,
            service: "inventory");
        return (await Rig.IndexedFor(order), sent);
    }

    private async Task ShouldNotFit(long id, JsonObject body, string mentions)
    {
        using var response = await Rig.Post($"/operations/dead-letters/{id}/replay", new { note = "fix", body });
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        text.Should().Contain(mentions);
    }

    private static JsonObject Edited(JsonObject body, Action<JsonObject> edit)
    {
        var copy = body.DeepClone().AsObject();
        edit(copy);
        return copy;
    }
}
