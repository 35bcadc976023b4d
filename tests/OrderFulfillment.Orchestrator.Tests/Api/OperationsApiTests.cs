using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.Orchestrator.Telemetry;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// The operations API's reads on the orchestrator as it runs: the saga's graph with its figures, orders past a dwell
/// limit (Placed's is set to a millisecond, so every waiting order breaches it), an order's timeline. No worker
/// answers, so placed orders wait in Placed; a customer's cancellation finishes one.
/// </summary>
public sealed class OperationsApiTests
{
    private const string Order =
        """{"customerId":"c","items":[{"productId":"p","quantity":1,"unitPriceUsd":1}],"shippingAddressId":"a"}""";
    private static readonly TimeSpan PlacedLimit = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan SagaDeadline = TimeSpan.FromMinutes(1);

    private OrchestratorApi _api = null!;
    private HttpClient _operator = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await OrchestratorApi.Start(services => services.Configure<OperationsOptions>(o =>
        {
            // Placed only, so that the other states have none (appsettings.json gives every waiting state a default).
            o.DwellLimits.Clear();
            o.DwellLimits["Placed"] = PlacedLimit;
            o.TotalsRecountInterval = TimeSpan.Zero;
        }));
        // An operator of no tenant of the orders: operators see every tenant.
        _operator = _api.ClientAs(TestTokens.Bearer("operations", PlatformScopes.Operate));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _operator.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task The_graph_is_the_state_machines_with_each_states_orders_dwell_times_and_breaches()
    {
        await Placed();
        await CancelledByCustomer(await Placed());
        await Refresh();
        var machine = _api.Services.GetRequiredService<OrderStateMachine>();

        var overview = (await _operator.GetFromJsonAsync<SagaOverview>("/operations/saga"))!;

        overview.States.Select(s => s.Name)
            .Should().BeEquivalentTo(machine.States.Select(s => s.Name).Where(s => s != machine.Final.Name),
            "every state of the machine but MassTransit's Final, which this saga never enters");
        overview.Transitions.Should().BeEquivalentTo(SagaGraph.Of(machine).Transitions);
        overview.Transitions.Should().OnlyContain(t => machine.NextEvents(machine.GetState(t.From)).Any(e =>
            SagaGraph.MessageName(e) == t.Event), "each transition is raised by a message its state acts on");
        overview.Transitions.Should().Contain(new SagaTransition("Placed", "InventoryReserved", "InventoryReserved"));
        var states = overview.States.ToDictionary(s => s.Name);
        states["Initial"].Should().Match<SagaStateView>(s => s.Kind == "initial" && s.Orders == null);
        states["Completed"].Kind.Should().Be("final");
        states["Cancelled"].Should().Match<SagaStateView>(s => s.Kind == "final" && s.Orders >= 1);
        var placed = states["Placed"];
        placed.Kind.Should().Be("waiting");
        placed.Orders.Should().BeGreaterThanOrEqualTo(1);
        placed.Breaching.Should().Be(placed.Orders, "every order waiting in Placed is past its limit of a millisecond");
        placed.DwellLimitSeconds.Should().Be(PlacedLimit.TotalSeconds);
        placed.DwellSamples.Should().BeGreaterThanOrEqualTo(1, "the cancelled order left Placed within the window");
        placed.DwellP95Seconds.Should().BeGreaterThanOrEqualTo(placed.DwellP50Seconds!.Value);
        placed.Accepts.Should()
            .Contain(["InventoryReserved", "InventoryReservationFailed", "OrderDeadlinePassed", "CancelOrder"]);
        states["InventoryReserved"].Should()
            .Match<SagaStateView>(s => s.DwellLimitSeconds == null && s.Breaching == null);
        overview.AsOf.Should().NotBeNull();
    }

    [Test]
    public async Task Breaching_orders_are_listed_longest_in_their_state_first_page_by_page()
    {
        var mine = new List<Guid> { await Placed(), await Placed(), await Placed() };

        var listed = new List<BreachingOrder>();
        string? next = null;
        do
        {
            var page = (await _operator.GetFromJsonAsync<BreachingPage>(
                $"/operations/orders/breaching?state=Placed&limit=2{(next is null ? "" : "&after=" + next)}"))!;
            page.Orders.Count.Should().BeLessThanOrEqualTo(2);
            listed.AddRange(page.Orders);
            next = page.Next;
        }
        while (next is not null);

        listed.Select(o => o.OrderId).Should().OnlyHaveUniqueItems().And.ContainInOrder(mine);
        listed.Select(o => o.StateEnteredAt).Should().BeInAscendingOrder();
        listed.Should()
            .OnlyContain(o => o.State == "Placed" && o.TenantId == "t" && o.LimitSeconds == PlacedLimit.TotalSeconds
            && o.InStateSeconds >= PlacedLimit.TotalSeconds && o.DeadlineAt != null);
        var all = (await _operator.GetFromJsonAsync<BreachingPage>("/operations/orders/breaching?limit=500"))!;
        all.Orders.Select(o => o.OrderId).Should().Contain(mine, "without a state, every state with a limit is listed");
    }

    [Test]
    public async Task Breaching_orders_of_a_state_without_a_limit_or_with_a_bad_cursor_are_a_validation_problem()
    {
        using var noLimit = await _operator.GetAsync("/operations/orders/breaching?state=InventoryReserved");
        using var badCursor = await _operator.GetAsync("/operations/orders/breaching?after=nonsense&limit=0");

        (await OrchestratorApi.ProblemFields(noLimit)).Should().Equal("state");
        (await OrchestratorApi.ProblemFields(badCursor)).Should().BeEquivalentTo(["after", "limit"]);
    }

    /// <summary>
    /// A timeline shows every step with its record, what it sent and how long it took, and what the order waits for.
    /// </summary>
    [Test]
    public async Task A_timeline_shows_each_step_with_its_record_sends_and_duration_and_what_the_order_waits_for()
    {
        var orderId = await Placed();

        var waiting = (await _operator.GetFromJsonAsync<OrderTimeline>($"/operations/orders/{orderId}/timeline"))!;

        waiting.Should().Match<OrderTimeline>(t => t.TenantId == "t" && t.State == "Placed" && t.DeadlineAt != null
            && t.StateEnteredAt != null);
        waiting.WaitsFor.Should()
            .Contain(["InventoryReserved", "InventoryReservationFailed", "OrderDeadlinePassed", "CancelOrder"]);
        var placed = waiting.Steps.Should().ContainSingle().Subject;
        placed.Should()
            .Match<TimelineStep>(s => s.EventType == "OrderPlaced" && s.FromState == "Initial" && s.ToState == "Placed"
            && s.Outcome == "transition" && s.Topic == "orders.order.placed" && s.Partition != null && s.Offset != null
                && s.TraceId != null
            && s.SincePreviousSeconds == null && s.Actor == null);
        placed.Sent.Should().ContainSingle().Which.Should().Match<OrderFulfillment.Orchestrator.Journal.SentMessage>(
            m => m.Type == "ReserveInventory" && m.Topic == "inventory.stock.reserve");
        waiting.StateEnteredAt.Should().Be(placed.RecordedAt);

        await CancelledByCustomer(orderId);
        var cancelled = (await _operator.GetFromJsonAsync<OrderTimeline>($"/operations/orders/{orderId}/timeline"))!;

        cancelled.Should().Match<OrderTimeline>(t => t.State == "Cancelled" && t.DeadlineAt == null);
        cancelled.WaitsFor.Should().NotContain("CancelOrder");
        var cancel = cancelled.Steps[^1];
        cancel.Should().Match<TimelineStep>(s => s.EventType == "CancelOrder" && s.Topic == "orders.order.cancel"
            && s.ToState == "Cancelled");
        cancel.SincePreviousSeconds.Should()
            .BeApproximately((cancel.RecordedAt - placed.RecordedAt).TotalSeconds, 1e-6);
        cancel.Sent.Select(m => m.Type).Should().Contain(["ReleaseInventory", "OrderCancelled"]);
        cancelled.StateEnteredAt.Should()
            .Be(cancel.RecordedAt, "every transition, not only the first, sets when the order entered its state");
    }

    [Test]
    public async Task An_unknown_order_has_no_timeline()
    {
        using var response = await _operator.GetAsync($"/operations/orders/{Guid.NewGuid()}/timeline");

        await TenantIsolationTests.ShouldBeProblem(response, HttpStatusCode.NotFound, "No order");
    }

    [TestCase("/operations/saga")]
    [TestCase("/operations/orders/breaching")]
    [TestCase("/operations/orders/00000000-0000-0000-0000-000000000001/timeline")]
    public async Task Without_the_operate_scope_it_is_403_and_without_a_token_401(string path)
    {
        using var customer = _api.ClientAs(TestTokens.Bearer("t", PlatformScopes.OrdersRead, PlatformScopes.OrdersWrite,
            PlatformScopes.StockWrite));
        using var anonymous = _api.ClientAs(null);

        using var forbidden = await customer.GetAsync(path);
        using var unauthenticated = await anonymous.GetAsync(path);

        await TenantIsolationTests.ShouldBeProblem(forbidden, HttpStatusCode.Forbidden, PlatformScopes.Operate);
        await TenantIsolationTests.ShouldBeProblem(unauthenticated, HttpStatusCode.Unauthorized, "bearer token");
    }

    [Test]
    public async Task The_openapi_document_lists_every_operations_endpoint_with_the_operate_scope()
    {
        using var anonymous = _api.ClientAs(null);

        var paths = (await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        var operations = paths.EnumerateObject().Where(p => p.Name.StartsWith("/operations/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .ToList();
        // The other parts' endpoints (dead letters, consumers, reconciliation) are listed by their own tests; here, the
        // saga's and the orders', and the scope of all.
        operations.Select(o => $"{o.Method} {o.Path}").Should().Contain([
            "get /operations/saga", "get /operations/orders/breaching", "get /operations/orders/{orderId}/timeline",
            "post /operations/orders/{orderId}/retry", "post /operations/orders/{orderId}/extend-deadline",
            "post /operations/orders/{orderId}/cancel"]);
        operations.Should().OnlyContain(o => o.Operation.GetProperty("security")[0].GetProperty(
            "Bearer").EnumerateArray().Single().GetString() == PlatformScopes.Operate);
    }

    private async Task<Guid> Placed()
    {
        var orderId = await _api.Place(Order);
        await _api.PlacedOrder(orderId);
        return orderId;
    }

    private async Task CancelledByCustomer(Guid orderId)
    {
        using var response = await _api.Client.PostAsync($"/orders/{orderId}/cancel", content: null);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        await Eventually.True(() => _api.Client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}")
            .Result.GetProperty("state").GetString() == "Cancelled", SagaDeadline, $"order {orderId} was cancelled");
    }

    private async Task Refresh()
    {
        await _api.Services.GetRequiredService<ActiveOrderCounts>().RefreshAsync(CancellationToken.None);
        await _api.Services.GetRequiredService<SagaStatistics>().RefreshAsync(CancellationToken.None);
    }
}
