using System.Net;
using System.Net.Http.Json;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.ServiceDefaults.Auth;
using FluentAssertions;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// <c>GET /orders</c> pages a tenant's orders newest placed first with a cursor, and filters them. Each test has a
/// tenant of its own, so the orders of other fixtures never show. No worker answers, so every order waits in Placed.
/// </summary>
public sealed class OrderListTests
{
    private OrchestratorApi _api = null!;

    [OneTimeSetUp]
    public async Task Start() => _api = await OrchestratorApi.Start();

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    [Test]
    public async Task Pages_hold_every_order_once_newest_first_and_orders_placed_meanwhile_do_not_shift_them()
    {
        using var client = NewTenant();
        var placed = await PlaceOrders(client, 5);

        var first = await Page(client, "limit=2");
        var late = await PlaceOrders(client, 1);
        var second = await Page(client, $"limit=2&after={first.Next}");
        var third = await Page(client, $"limit=2&after={second.Next}");

        var listed = first.Orders.Concat(second.Orders).Concat(third.Orders).ToList();
        listed.Select(o => o.OrderId).Should()
            .Equal(Enumerable.Reverse(placed), "newest placed first, each once, whatever was placed meanwhile");
        listed.Select(o => (o.PlacedAt, o.OrderId)).Should().BeInDescendingOrder(o => o.PlacedAt);
        third.Next.Should().BeNull("the last page says so");
        (await Page(client, "limit=10")).Orders.Select(o => o.OrderId)
            .Should().Equal([.. late, .. Enumerable.Reverse(placed)]);
    }

    [Test]
    public async Task Filters_by_state_customer_and_placing_time_combine()
    {
        using var client = NewTenant();
        var alices = await PlaceOrders(client, 2, customer: "alice");
        var bobs = await PlaceOrders(client, 1, customer: "bob");
        var bobsOrder = await _api.PlacedOrder(bobs[0], client);
        var bobPlacedAt = bobsOrder.GetProperty("placedAt").GetDateTimeOffset();

        (await Page(client, "customerId=alice")).Orders.Select(o => o.OrderId).Should().BeEquivalentTo(alices);
        (await Page(client, "state=Placed&customerId=bob")).Orders.Should().ContainSingle().Which.CustomerId.Should()
            .Be("bob");
        (await Page(client, "state=Completed")).Orders.Should().BeEmpty();
        (await Page(client, "reason=timeout")).Orders.Should().BeEmpty();
        (await Page(client, $"placedFrom={Uri.EscapeDataString(bobPlacedAt.ToString("O"))}"))
            .Orders.Select(o => o.OrderId).Should().Equal(bobs);
        (await Page(client, $"placedTo={Uri.EscapeDataString(bobPlacedAt.ToString("O"))}"))
            .Orders.Select(o => o.OrderId).Should().BeEquivalentTo(alices);
    }

    [TestCase("state=Lost", "state")]
    [TestCase("reason=bored", "reason")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=501", "limit")]
    [TestCase("after=not-a-cursor", "after")]
    [TestCase("after=AAAA", "after")]
    [TestCase("placedFrom=2026-01-02T00:00:00Z&placedTo=2026-01-01T00:00:00Z", "placedTo")]
    public async Task A_bad_parameter_is_a_validation_problem_naming_it(string query, string parameter)
    {
        using var response = await _api.Client.GetAsync("/orders?" + query);

        (await OrchestratorApi.ProblemFields(response)).Should().Equal(parameter);
    }

    private HttpClient NewTenant() =>
        _api.ClientAs(TestTokens.Bearer("list-" + Guid.NewGuid().ToString("N"), PlatformScopes.OrdersWrite,
            PlatformScopes.OrdersRead));

    private async Task<List<Guid>> PlaceOrders(HttpClient client, int count, string customer = "c")
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            using var response = await OrchestratorApi.Post(client,
                $$"""
                {"customerId":"{{customer}}",
                 "items":[{"productId":"p","quantity":1,"unitPriceUsd":1}],"shippingAddressId":"a"}
                """);
            response.StatusCode.Should().Be(HttpStatusCode.Accepted);
            var id = (await response.Content.ReadFromJsonAsync<OrderAccepted>())!.OrderId;
            // Listed once its saga exists; waiting for each keeps the placing order the submission order.
            await _api.PlacedOrder(id, client);
            ids.Add(id);
        }

        return ids;
    }

    private static async Task<OrderPage> Page(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/orders?" + query);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OrderPage>())!;
    }
}
