using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// <c>POST /orders/{id}/cancel</c> on the orchestrator as it runs: 202 while the order can be cancelled, after which
/// the saga cancels it; 409 naming the state once it cannot; 404 for another tenant's order; 401 and 403 like the rest
/// of the API. No worker answers here, so a placed order waits in Placed until it is cancelled.
/// </summary>
public sealed class CancelOrderTests
{
    private OrchestratorApi _api = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private string _aliceTenant = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await OrchestratorApi.Start();
        _aliceTenant = "alice-" + Guid.NewGuid().ToString("N");
        _alice = _api.ClientAs(TestTokens.Bearer(_aliceTenant, PlatformScopes.OrdersWrite, PlatformScopes.OrdersRead));
        _bob = _api.ClientAs(TestTokens.Bearer("bob-" + Guid.NewGuid().ToString("N"), PlatformScopes.OrdersWrite,
            PlatformScopes.OrdersRead));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task A_placed_order_is_accepted_for_cancellation_then_cancelled_as_customer_requested_and_then_is_409()
    {
        var orderId = await PlacedOrder();

        using var accepted = await Cancel(_alice, orderId);

        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        accepted.Headers.Location!.ToString().Should().Be($"/orders/{orderId}");
        (await accepted.Content.ReadFromJsonAsync<OrderCancellationAccepted>())
            .Should().Be(new OrderCancellationAccepted(orderId, "Placed"));
        var order = await Cancelled(orderId);
        order.GetProperty("cancellationReason").GetString().Should().Be(CancellationReasons.CustomerRequested);
        var step = order.GetProperty("history").EnumerateArray()
            .Single(j => j.GetProperty("eventType").GetString() == "CancelOrder");
        step.GetProperty("fromState").GetString().Should().Be("Placed");
        step.GetProperty("toState").GetString().Should().Be("Cancelled");
        step.GetProperty("sent").EnumerateArray().Select(m => m.GetProperty("type").GetString())
            .Should().Contain(["ReleaseInventory", "OrderCancelled"]);

        using var again = await Cancel(_alice, orderId);

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        again.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("state").GetString().Should().Be("Cancelled");
        problem.GetProperty("detail").GetString().Should().StartWith($"Order {orderId} is Cancelled:");
    }

    [Test]
    public async Task An_order_cancelled_right_after_it_is_submitted_ends_cancelled_whether_or_not_the_saga_had_it()
    {
        var orderId = await Submit();

        using var accepted = await Cancel(_alice, orderId);

        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await accepted.Content.ReadFromJsonAsync<OrderCancellationAccepted>())!.State.Should()
            .BeOneOf(OrderQueries.Submitted, "Placed");
        (await Cancelled(orderId)).GetProperty("cancellationReason").GetString()
            .Should().Be(CancellationReasons.CustomerRequested);
    }

    [Test]
    public async Task A_cancellation_that_reaches_a_cancelled_order_is_journalled_as_ignored()
    {
        var orderId = await PlacedOrder();
        using var accepted = await Cancel(_alice, orderId);
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);

        // A second request that read the order as Placed just before the first one's CancelOrder reached the saga.
        await _api.SendCancelOrder(orderId, _aliceTenant);

        await Eventually.True(() => CancelSteps(orderId).Result.Count == 2, TimeSpan.FromMinutes(1),
            "the saga took both CancelOrder records");
        var steps = await CancelSteps(orderId);
        steps.Select(s => s.GetProperty("outcome").GetString()).Should().Equal("transition", "ignored");
        steps[1].GetProperty("sent").EnumerateArray().Should().BeEmpty("the losing cancellation compensates nothing");
    }

    [Test]
    public async Task Another_tenants_order_is_not_found_and_is_not_cancelled()
    {
        var orderId = await PlacedOrder();

        using var foreign = await Cancel(_bob, orderId);
        using var unknown = await Cancel(_alice, Guid.NewGuid());

        await TenantIsolationTests.ShouldBeProblem(foreign, HttpStatusCode.NotFound, orderId.ToString());
        await TenantIsolationTests.ShouldBeProblem(unknown, HttpStatusCode.NotFound, "No order");
        // Had the foreign request been sent, it would precede the owner's on the order's partition and be journalled
        // first.
        using var own = await Cancel(_alice, orderId);
        own.StatusCode.Should().Be(HttpStatusCode.Accepted);
        await Cancelled(orderId);
        (await CancelSteps(orderId)).Should().ContainSingle();
    }

    [Test]
    public async Task Without_the_write_scope_or_a_tenant_it_is_403_and_without_a_token_401()
    {
        var orderId = await PlacedOrder();
        using var reader = _api.ClientAs(TestTokens.Bearer(_aliceTenant, PlatformScopes.OrdersRead));
        using var noTenant = _api.ClientAs(TestTokens.Bearer(null, PlatformScopes.OrdersWrite));
        using var anonymous = _api.ClientAs(null);

        using var unscoped = await Cancel(reader, orderId);
        using var untenanted = await Cancel(noTenant, orderId);
        using var unauthenticated = await Cancel(anonymous, orderId);

        await TenantIsolationTests.ShouldBeProblem(unscoped, HttpStatusCode.Forbidden, PlatformScopes.OrdersWrite);
        await TenantIsolationTests.ShouldBeProblem(untenanted, HttpStatusCode.Forbidden, "'tenant' claim");
        await TenantIsolationTests.ShouldBeProblem(unauthenticated, HttpStatusCode.Unauthorized, "bearer token");
        (await _api.PlacedOrder(orderId, _alice)).GetProperty("state").GetString().Should().Be("Placed");
    }

    private static Task<HttpResponseMessage> Cancel(HttpClient client, Guid orderId) =>
        client.PostAsync($"/orders/{orderId}/cancel", content: null);

    private async Task<Guid> Submit()
    {
        using var response = await OrchestratorApi.Post(_alice,
            """{"customerId":"c","items":[{"productId":"p","quantity":1,"unitPriceUsd":1}],"shippingAddressId":"a"}""");
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OrderAccepted>())!.OrderId;
    }

    private async Task<Guid> PlacedOrder()
    {
        var orderId = await Submit();
        await _api.PlacedOrder(orderId, _alice);
        return orderId;
    }

    private Task<JsonElement> Cancelled(Guid orderId) => _api.InState(orderId, "Cancelled", _alice);

    private async Task<List<JsonElement>> CancelSteps(Guid orderId) =>
        (await Order(orderId)).GetProperty("history").EnumerateArray()
            .Where(j => j.GetProperty("eventType").GetString() == "CancelOrder").ToList();

    private Task<JsonElement> Order(Guid orderId) => _alice.GetFromJsonAsync<JsonElement>($"/orders/{orderId}");
}
