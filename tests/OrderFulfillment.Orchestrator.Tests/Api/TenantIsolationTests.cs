using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>Two tenants on one orchestrator: each submits and sees only its own orders, whatever a body says.</summary>
public sealed class TenantIsolationTests
{
    private OrchestratorApi _api = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private string _aliceTenant = null!;
    private string _bobTenant = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await OrchestratorApi.Start();
        // Tenants of their own, so orders of the other fixtures never show in the lists.
        _aliceTenant = "alice-" + Guid.NewGuid().ToString("N");
        _bobTenant = "bob-" + Guid.NewGuid().ToString("N");
        _alice = _api.ClientAs(TestTokens.Bearer(_aliceTenant, PlatformScopes.OrdersWrite, PlatformScopes.OrdersRead));
        _bob = _api.ClientAs(TestTokens.Bearer(_bobTenant, PlatformScopes.OrdersWrite, PlatformScopes.OrdersRead));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task A_body_naming_another_tenant_is_forbidden_and_nothing_is_stored()
    {
        var before = _api.Submissions();

        using var response = await OrchestratorApi.Post(_alice, Body(_bobTenant));

        await ShouldBeProblem(response, HttpStatusCode.Forbidden, "tenantId");
        _api.Submissions().Should().Be(before);
    }

    [Test]
    public async Task Without_a_body_tenant_the_order_is_the_token_tenants()
    {
        var orderId = await Place(_alice, Body(tenant: null));

        var order = await _alice.GetFromJsonAsync<JsonElement>($"/orders/{orderId}");

        order.GetProperty("tenantId").GetString().Should().Be(_aliceTenant);
    }

    [Test]
    public async Task Another_tenants_order_is_not_found_while_its_own_tenant_sees_it()
    {
        var orderId = await Place(_alice, Body(_aliceTenant));

        using var foreign = await _bob.GetAsync($"/orders/{orderId}");
        using var own = await _alice.GetAsync($"/orders/{orderId}");

        await ShouldBeProblem(foreign, HttpStatusCode.NotFound, orderId.ToString());
        own.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task The_list_shows_only_the_callers_tenant()
    {
        var alices = await Place(_alice, Body(_aliceTenant));
        var bobs = await Place(_bob, Body(_bobTenant));
        await _api.PlacedOrder(alices, _alice);
        await _api.PlacedOrder(bobs, _bob);

        var listed = await _alice.GetFromJsonAsync<JsonElement>("/orders?state=Placed");

        var orders = listed.GetProperty("orders").EnumerateArray().ToList();
        orders.Select(o => o.GetProperty("orderId").GetGuid()).Should().Contain(alices).And.NotContain(bobs);
        orders.Select(o => o.GetProperty("tenantId").GetString()).Should().OnlyContain(t => t == _aliceTenant);
    }

    [Test]
    public async Task The_same_idempotency_key_in_two_tenants_makes_two_orders()
    {
        var key = Guid.NewGuid().ToString();

        var alices = await Place(_alice, Body(tenant: null), key);
        var bobs = await Place(_bob, Body(tenant: null), key);
        var alicesRetry = await Place(_alice, Body(tenant: null), key);

        bobs.Should().NotBe(alices);
        alicesRetry.Should().Be(alices);
    }

    private static async Task<Guid> Place(HttpClient client, string body, string? key = null)
    {
        using var response = await OrchestratorApi.Post(client, body, key);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OrderAccepted>())!.OrderId;
    }

    internal static async Task ShouldBeProblem(HttpResponseMessage response, HttpStatusCode status,
        string detailMentions)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("detail").GetString().Should().Contain(detailMentions);
    }

    private static string Body(string? tenant)
    {
        var tenantMember = tenant is null ? string.Empty : $",\"tenantId\":{JsonSerializer.Serialize(tenant)}";
        return $$"""
            {"customerId":"c","items":[{"productId":"p","quantity":1,"unitPriceUsd":1}],
             "shippingAddressId":"a"{{tenantMember}}}
            """;
    }
}
