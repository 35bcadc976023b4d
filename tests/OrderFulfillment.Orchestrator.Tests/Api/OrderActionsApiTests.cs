using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using MassTransit;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// The operator's actions on the orchestrator as it runs: each accepted where the order's state acts on it, then taken
/// by the saga and journaled with who (the token's <c>sub</c>, <c>test</c>) and why; refused with 409 saying why where
/// it does not. Replies are produced as the workers would, to move orders on.
/// </summary>
public sealed class OrderActionsApiTests
{
    private static readonly TimeSpan SagaDeadline = TimeSpan.FromMinutes(1);

    private OrchestratorApi _api = null!;
    private HttpClient _operator = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await OrchestratorApi.Start(workers: rider =>
        {
            rider.AddProducer<InventoryReserved>(Topics.InventoryReserved.Name, m => m.OrderId.ToString());
            rider.AddProducer<PaymentCharged>(Topics.PaymentCharged.Name, m => m.OrderId.ToString());
            rider.AddProducer<ShipmentCreated>(Topics.ShipmentCreated.Name, m => m.OrderId.ToString());
        });
        _operator = _api.ClientAs(TestTokens.Bearer("operations", PlatformScopes.Operate));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _operator.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task A_retry_re_sends_the_command_the_journal_names_under_a_new_id_and_journals_who_and_why()
    {
        var orderId = await Placed();
        var original = (await Timeline(orderId)).Steps.Single().Sent.Single();

        using var response = await Act(orderId, "retry", new { note = "  the reservation's reply was dead-lettered " });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().Should().Be($"/operations/orders/{orderId}/timeline");
        var accepted = (await response.Content.ReadFromJsonAsync<OrderActionAccepted>())!;
        accepted.Should().BeEquivalentTo(new OrderActionAccepted(orderId, "Placed", "retry", original, null));
        var step = await Step(orderId, nameof(Contracts.Orders.RetryOrderStep));
        step.Should()
            .Match<TimelineStep>(s => s.Outcome == "handled" && s.FromState == "Placed" && s.ToState == "Placed"
            && s.Actor == "test" && s.Note == "the reservation's reply was dead-lettered"
                && s.Topic == Topics.RetryOrderStep.Name);
        var resent = step.Sent.Should().ContainSingle().Subject;
        (resent.Type, resent.Topic).Should().Be((original.Type, original.Topic));
        resent.MessageId.Should().NotBe(original.MessageId);
    }

    [Test]
    public async Task An_extension_moves_the_deadline_and_journals_who_and_why()
    {
        var orderId = await Placed();
        var before = await Timeline(orderId);

        using var response =
            await Act(orderId, "extend-deadline", new { by = "01:00:00", note = "the warehouse reopens in an hour" });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = (await response.Content.ReadFromJsonAsync<OrderActionAccepted>())!;
        accepted.DeadlineAt.Should().BeCloseTo(before.DeadlineAt!.Value.AddHours(1), TimeSpan.FromMilliseconds(1));
        var step = await Step(orderId, nameof(Contracts.Orders.ExtendOrderDeadline));
        step.Should().Match<TimelineStep>(s => s.Outcome == "handled" && s.Actor == "test"
            && s.Note == "the warehouse reopens in an hour");
        (await Timeline(orderId)).DeadlineAt.Should()
            .BeCloseTo(accepted.DeadlineAt!.Value, TimeSpan.FromMilliseconds(1),
            "the saga set the new deadline (Avro keeps microseconds)");
    }

    [Test]
    public async Task An_operators_cancellation_cancels_as_operator_requested_and_the_orders_history_shows_who_and_why()
    {
        var orderId = await Placed();

        using var response = await Act(orderId, "cancel", new { note = "customer phoned support" });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var order = await _api.InState(orderId, "Cancelled");
        order.GetProperty("cancellationReason").GetString().Should().Be(CancellationReasons.OperatorRequested);
        var step = order.GetProperty("history").EnumerateArray()
            .Single(j => j.GetProperty("eventType").GetString() == "CancelOrder");
        step.GetProperty("actor").GetString().Should().Be("test");
        step.GetProperty("note").GetString().Should().Be("customer phoned support");
        step.GetProperty("sent").EnumerateArray().Select(m => m.GetProperty("type").GetString())
            .Should().Contain(["ReleaseInventory", "OrderCancelled"]);
        var listed = await _api.Client.GetFromJsonAsync<JsonElement>("/orders?reason=operator_requested");
        listed.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetGuid())
            .Should().Contain(orderId);
    }

    [TestCase("retry")]
    [TestCase("extend-deadline")]
    [TestCase("cancel")]
    public async Task Every_action_on_a_completed_order_is_409_saying_it_is_finished(string action)
    {
        var orderId = await Completed();

        using var response = await Act(orderId, action, new { by = "00:10:00", note = "just in case" });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("state").GetString().Should().Be("Completed");
        problem.GetProperty("detail").GetString().Should().StartWith($"Order {orderId} is Completed: it is finished");
    }

    [Test]
    public async Task A_retry_of_an_order_whose_saga_has_not_started_is_409_saying_where_it_is()
    {
        using var submitted = await OrchestratorApi.Post(_api.Client, Body);
        var orderId = (await submitted.Content.ReadFromJsonAsync<OrderAccepted>())!.OrderId;

        using var response = await Act(orderId, "retry", new { note = "why not" });

        // The saga may have taken OrderPlaced meanwhile; either way the answer is consistent with the state read.
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("state").GetString().Should().Be(OrderQueries.Submitted);
            problem.GetProperty("detail").GetString().Should().Contain("does not act on RetryOrderStep");
        }
        else
        {
            response.StatusCode.Should().Be(HttpStatusCode.Accepted);
            (await response.Content.ReadFromJsonAsync<OrderActionAccepted>())!.State.Should().Be("Placed");
        }
    }

    [Test]
    public async Task Without_a_note_or_with_a_bad_extension_it_is_a_validation_problem_and_an_unknown_order_404()
    {
        var orderId = await Placed();

        using var noNote = await Act(orderId, "retry", new { note = " " });
        using var badExtension = await Act(orderId, "extend-deadline", new { by = "-00:05:00" });
        using var unknown = await Act(Guid.NewGuid(), "cancel", new { note = "gone" });

        (await OrchestratorApi.ProblemFields(noNote)).Should().Equal("note");
        (await OrchestratorApi.ProblemFields(badExtension)).Should().BeEquivalentTo(["by", "note"]);
        await TenantIsolationTests.ShouldBeProblem(unknown, HttpStatusCode.NotFound, "No order");
    }

    [TestCase("retry")]
    [TestCase("extend-deadline")]
    [TestCase("cancel")]
    public async Task Without_the_operate_scope_it_is_403_and_the_order_is_untouched(string action)
    {
        var orderId = await Placed();
        using var customer =
            _api.ClientAs(TestTokens.Bearer("t", PlatformScopes.OrdersRead, PlatformScopes.OrdersWrite));

        using var response = await customer.PostAsJsonAsync($"/operations/orders/{orderId}/{action}",
            new { by = "00:10:00", note = "sneaky" });

        await TenantIsolationTests.ShouldBeProblem(response, HttpStatusCode.Forbidden, PlatformScopes.Operate);
        (await Timeline(orderId)).Steps.Should().ContainSingle("nothing was sent to the saga");
    }

    private const string Body =
        """{"customerId":"c","items":[{"productId":"p","quantity":1,"unitPriceUsd":1}],"shippingAddressId":"a"}""";

    private async Task<Guid> Placed()
    {
        var orderId = await _api.Place(Body);
        await _api.PlacedOrder(orderId);
        return orderId;
    }

    private async Task<Guid> Completed()
    {
        var orderId = await Placed();
        await _api.Reply(new InventoryReserved(NewId.NextGuid(), DateTimeOffset.UtcNow, orderId, "t"));
        await _api.InState(orderId, "InventoryReserved");
        await _api.Reply(new PaymentCharged(NewId.NextGuid(), DateTimeOffset.UtcNow, orderId, "t", 1m));
        await _api.InState(orderId, "AwaitingShipment");
        await _api.Reply(new ShipmentCreated(NewId.NextGuid(), DateTimeOffset.UtcNow, orderId, "t", "TRACK-9"));
        await _api.InState(orderId, "Completed");
        return orderId;
    }

    private Task<HttpResponseMessage> Act(Guid orderId, string action, object body) =>
        _operator.PostAsJsonAsync($"/operations/orders/{orderId}/{action}", body);

    private async Task<OrderTimeline> Timeline(Guid orderId) =>
        (await _operator.GetFromJsonAsync<OrderTimeline>($"/operations/orders/{orderId}/timeline"))!;

    private async Task<TimelineStep> Step(Guid orderId, string eventType)
    {
        await Eventually.True(() => Timeline(orderId).Result.Steps.Any(s => s.EventType == eventType), SagaDeadline,
            $"the saga took {eventType}");
        return (await Timeline(orderId)).Steps.Single(s => s.EventType == eventType);
    }
}
