using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Orchestrator.DeadLetters;

namespace OrderFulfillment.Orchestrator.Tests.DeadLetters;

/// <summary>
/// The dead-letter index: every record of every <c>.dlq</c> topic listed once, whatever it holds, with the fields the
/// list filters and groups by; also when the indexer restarts or another group reads every record again.
/// </summary>
public sealed class DeadLetterIndexTests : DeadLetterFixture
{
    [Test]
    public async Task A_dead_letter_is_listed_once_with_its_fields_after_a_restart_and_a_second_reading()
    {
        var order = Guid.NewGuid();
        var tenant = "tenant-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 3; i++)
        {
            await Rig.DeadLetter(Topics.InventoryReserved, order.ToString(), Reserved(order, tenant), Guid.NewGuid());
        }

        var listed = await Rig.Listed($"orderId={order}", 3);
        listed[0].GetProperty("service").GetString().Should().Be("orchestrator");
        listed[0].GetProperty("sourceTopic").GetString().Should().Be(Topics.InventoryReserved.Name);
        listed[0].GetProperty("messageType").GetString().Should().Be(nameof(InventoryReserved));
        listed[0].GetProperty("tenantId").GetString().Should().Be(tenant);
        listed[0].GetProperty("reason").GetString().Should().Be("faulted");
        listed[0].GetProperty("exceptionType").GetString().Should().Be("System.InvalidOperationException");
        listed[0].GetProperty("readable").GetBoolean().Should().BeTrue();
        listed[0].GetProperty("status").GetString().Should().Be("open");

        var indexer = Rig.Api.Services.GetServices<IHostedService>().OfType<DeadLetterIndexer>().Single();
        await indexer.StopAsync(CancellationToken.None);
        var last =
            await Rig.DeadLetter(Topics.InventoryReserved, order.ToString(), Reserved(order, tenant), Guid.NewGuid());
        await indexer.StartAsync(CancellationToken.None);
        await Rig.Listed($"orderId={order}", 4);

        // A second group reads every dead letter again, from the beginning, into the same table: nothing is added.
        var group = "again-" + Guid.NewGuid().ToString("N");
        var again = Indexer(group);
        await again.StartAsync(CancellationToken.None);
        await Eventually.True(() => TopicReader.Committed(Topics.InventoryReserved.DeadLetterTopic, group,
            1) > last.Offset.Value, DeadLetterRig.Deadline,
            "the second reading stored and committed every dead letter");
        await again.StopAsync(CancellationToken.None);
        (await Rig.List($"orderId={order}")).Should().HaveCount(4);
    }

    [Test]
    public async Task Two_replicas_in_one_group_lose_nothing_when_one_joins_and_leaves()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N");
        var sources = new[] { Topics.InventoryReserved, Topics.PaymentCharged, Topics.ShipmentCreated,
            Topics.ReserveInventory, Topics.ChargePayment };
        var produced = 0;
        async Task ProduceRound()
        {
            foreach (var source in sources)
            {
                var order = Guid.NewGuid();
                await Rig.DeadLetter(source, order.ToString(), Reserved(order, tenant), Guid.NewGuid());
                produced++;
            }
        }

        var replica = Indexer(DeadLetterIndexer.Group);
        await replica.StartAsync(CancellationToken.None);
        for (var round = 0; round < 4; round++)
        {
            await ProduceRound();
        }

        await Rig.Listed($"tenant={tenant}", produced);
        await replica.StopAsync(CancellationToken.None);
        for (var round = 0; round < 4; round++)
        {
            await ProduceRound();
        }

        await Rig.Listed($"tenant={tenant}", produced);
    }

    [Test]
    public async Task The_list_filters_by_service_tenant_type_reason_exception_time_and_status_and_pages()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N");
        var (ten, noon) = (new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 12,
            0, 0, TimeSpan.Zero));
        foreach (var order in new[] { Guid.NewGuid(), Guid.NewGuid() })
        {
            await Rig.DeadLetter(Topics.InventoryReserved, order.ToString(), Reserved(order, tenant), Guid.NewGuid(),
                at: ten);
        }

        var invalid = Guid.NewGuid();
        await Rig.DeadLetter(Topics.InventoryReserved, invalid.ToString(), Reserved(invalid, tenant), Guid.NewGuid(),
            reason: "invalid", exceptionType: typeof(InvalidMessageException).FullName!, at: noon);
        var command = Guid.NewGuid();
        await Rig.DeadLetter(Topics.ReserveInventory, command.ToString(),
            DeadLetterRig.Avro(new ReserveInventory(Guid.NewGuid(), DateTimeOffset.UtcNow, command, tenant,
                [new OrderLine("p", 1, 1m)])), Guid.NewGuid(),
            service: "inventory", at: noon);
        var t = $"tenant={tenant}";
        await Rig.Listed(t, 4);

        (await Rig.List($"{t}&service=inventory")).Should().ContainSingle().Which.GetProperty("orderId").GetGuid()
            .Should().Be(command);
        (await Rig.List($"{t}&messageType=InventoryReserved")).Should().HaveCount(3);
        (await Rig.List($"{t}&sourceTopic={Topics.ReserveInventory.Name}")).Should().ContainSingle();
        (await Rig.List($"{t}&reason=invalid")).Should().ContainSingle().Which.GetProperty("orderId").GetGuid()
            .Should().Be(invalid);
        (await Rig.List($"{t}&exception=InvalidOperationException")).Should().HaveCount(3);
        (await Rig.List($"{t}&exception=System.InvalidOperationException")).Should().HaveCount(3);
        (await Rig.List($"{t}&from=2026-01-01T11:00:00Z&to=2026-01-01T13:00:00Z")).Should().HaveCount(2);
        (await Rig.List($"{t}&status=open")).Should().HaveCount(4);
        (await Rig.List($"{t}&status=discarded")).Should().BeEmpty();

        var first = await Rig.Client.GetFromJsonAsync<JsonElement>($"/operations/dead-letters?{t}&limit=3");
        var next = first.GetProperty("next").GetString();
        var second =
            await Rig.Client.GetFromJsonAsync<JsonElement>($"/operations/dead-letters?{t}&limit=3&after={next}");
        second.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);
        first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("id").GetInt64())
            .Should().OnlyHaveUniqueItems().And.HaveCount(4).And.BeInDescendingOrder();

        var groups = (await Rig.Client.GetFromJsonAsync<JsonElement>($"/operations/dead-letters/groups?{t}"))
            .GetProperty("groups").EnumerateArray()
            .Select(g => (g.GetProperty("reason").GetString(), g.GetProperty("messageType").GetString(),
                g.GetProperty("sourceTopic").GetString(), g.GetProperty("count").GetInt32(),
                g.GetProperty("open").GetInt32()));
        groups.Should().Equal(
            ("faulted", nameof(InventoryReserved), Topics.InventoryReserved.Name, 2, 2),
            ("faulted", nameof(ReserveInventory), Topics.ReserveInventory.Name, 1, 1),
            ("invalid", nameof(InventoryReserved), Topics.InventoryReserved.Name, 1, 1));
    }

    [Test]
    public async Task A_filter_that_makes_no_sense_is_a_400()
    {
        foreach (var query in new[] { "status=lost", "after=abc", "limit=0",
            "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z" })
        {
            using var list = await Rig.Client.GetAsync($"/operations/dead-letters?{query}");
            list.StatusCode.Should().Be(HttpStatusCode.BadRequest, query);
        }

        using var groups = await Rig.Client.GetAsync("/operations/dead-letters/groups?status=lost");
        groups.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var missing = await Rig.Client.GetAsync("/operations/dead-letters/999999999");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_record_the_orchestrator_cannot_read_is_dead_lettered_and_listed_with_its_bytes()
    {
        var order = Guid.NewGuid();
        var garbage = Encoding.UTF8.GetBytes("not avro at all").Concat(new byte[] { 0xFF, 0x00, 0xFE }).ToArray();
        await Rig.Produce(Topics.InventoryReserved.Name, order.ToString(), garbage,
            [(KafkaHeaders.MessageId, Guid.NewGuid().ToString())]);

        var id = await Rig.IndexedFor(order);
        var letter = await Rig.Client.GetFromJsonAsync<JsonElement>($"/operations/dead-letters/{id}");
        var summary = letter.GetProperty("summary");
        summary.GetProperty("reason").GetString().Should().Be("undeserializable");
        summary.GetProperty("service").GetString().Should().Be("orchestrator");
        summary.GetProperty("readable").GetBoolean().Should().BeFalse();
        letter.GetProperty("body").ValueKind.Should().Be(JsonValueKind.Null);
        letter.GetProperty("bodyError").GetString().Should().NotBeNullOrEmpty();
        letter.GetProperty("value").GetProperty("base64").GetString().Should().Be(Convert.ToBase64String(garbage));
        letter.GetProperty("value").GetProperty("preview").GetString().Should().StartWith("not avro at all");
        letter.GetProperty("headers").EnumerateArray().Select(h => h.GetProperty("name").GetString())
            .Should().Contain([KafkaHeaders.DeadLetter.Reason, KafkaHeaders.DeadLetter.SourceTopic,
                KafkaHeaders.DeadLetter.ExceptionMessage]);
        letter.GetProperty("replay").GetProperty("allowed").GetBoolean()
            .Should().BeFalse("no saga exists for the order");
    }

    [Test]
    public async Task A_dead_letter_without_an_order_is_listed_and_can_only_be_discarded()
    {
        var at = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(Random.Shared.Next(1_000_000));
        await Rig.DeadLetter(Topics.PaymentCharged, "not-an-order", [0xC3, 0x28, 0x00], at: at);
        var window =
            $"from={Uri.EscapeDataString(at.ToString("O"))}&to={Uri.EscapeDataString(at.AddSeconds(1).ToString("O"))}";

        var listed = (await Rig.Listed(window, 1))[0];
        listed.GetProperty("orderId").ValueKind.Should().Be(JsonValueKind.Null);
        var id = listed.GetProperty("id").GetInt64();
        var opened = await Rig.Client.GetFromJsonAsync<JsonElement>($"/operations/dead-letters/{id}");
        opened.GetProperty("key").GetString().Should().Be("not-an-order");
        opened.GetProperty("value").GetProperty("base64").GetString()
            .Should().Be(Convert.ToBase64String(new byte[] { 0xC3, 0x28, 0x00 }));

        using var replay = await Rig.Post($"/operations/dead-letters/{id}/replay", new { note = "try" });
        await DeadLetterRig.Refused(replay, "not an order id", "discarded");
        using var discard =
            await Rig.Post($"/operations/dead-letters/{id}/discard", new { note = "garbage from a test producer" });
        discard.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>
    /// Another indexer on the orchestrator's database, in <paramref name="group"/>, as another replica would run it.
    /// </summary>
    private DeadLetterIndexer Indexer(string group) => new(new ConsumerConfig
    {
        BootstrapServers = RiderHost.BootstrapServers, GroupId = group, AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        SessionTimeoutMs = 6000, HeartbeatIntervalMs = 500,
    }, Rig.Api.Services.GetRequiredService<IServiceScopeFactory>(),
    Rig.Api.Services.GetRequiredService<DeadLetterReader>(),
        Rig.Api.Services.GetRequiredService<ILogger<DeadLetterIndexer>>());

    private static byte[] Reserved(Guid order, string tenant) =>
        DeadLetterRig.Avro(new InventoryReserved(Guid.NewGuid(), DateTimeOffset.UtcNow, order, tenant));
}
