using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// Who may call the orders API: 401 without a valid token, 403 without the scope or tenant, 429 past a tenant's
/// limit (set low here: a bucket of 2 that refills once an hour, so the third order is refused whatever the timing).
/// </summary>
public sealed class AccessTests
{
    private const string Order =
        """{"customerId":"c","items":[{"productId":"p","quantity":1,"unitPriceUsd":1}],"shippingAddressId":"a"}""";

    private OrchestratorApi _api = null!;

    [OneTimeSetUp]
    public async Task Start() => _api =
        await OrchestratorApi.Start(services => services.Configure<OrderRateLimitSettings>(s =>
    {
        s.Burst = 2;
        s.OrdersPerPeriod = 1;
        s.Period = TimeSpan.FromHours(1);
    }));

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    private static IEnumerable<TestCaseData> Unauthenticated()
    {
        yield return new TestCaseData(null).SetName("No token");
        yield return new TestCaseData(new AuthenticationHeaderValue("Bearer", "not-a-token"))
            .SetName("Malformed token");
        yield return new TestCaseData(new AuthenticationHeaderValue("Bearer", Forged()))
            .SetName("Token signed by another key");
        yield return new TestCaseData(new AuthenticationHeaderValue("Bearer", TestTokens.Expired("t")))
            .SetName("Expired token");
        yield return new TestCaseData(new AuthenticationHeaderValue("Basic", "dDp0")).SetName("Another scheme");
    }

    [TestCaseSource(nameof(Unauthenticated))]
    public async Task Without_a_valid_token_every_orders_endpoint_answers_401_problem_details(
        AuthenticationHeaderValue? authorization)
    {
        using var client = _api.ClientAs(authorization);

        foreach (var response in new[] { await OrchestratorApi.Post(client, Order),
            await client.GetAsync($"/orders/{Guid.NewGuid()}"), await client.GetAsync("/orders?state=Placed") })
        {
            using (response)
            {
                await TenantIsolationTests.ShouldBeProblem(response, HttpStatusCode.Unauthorized, "bearer token");
                response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
            }
        }
    }

    [Test]
    public async Task A_token_without_the_scope_gets_403_naming_it()
    {
        using var reader = _api.ClientAs(TestTokens.Bearer("t", PlatformScopes.OrdersRead));
        using var writer = _api.ClientAs(TestTokens.Bearer("t", PlatformScopes.OrdersWrite));

        using var post = await OrchestratorApi.Post(reader, Order);
        using var get = await writer.GetAsync($"/orders/{Guid.NewGuid()}");

        await TenantIsolationTests.ShouldBeProblem(post, HttpStatusCode.Forbidden, PlatformScopes.OrdersWrite);
        await TenantIsolationTests.ShouldBeProblem(get, HttpStatusCode.Forbidden, PlatformScopes.OrdersRead);
    }

    [Test]
    public async Task A_token_without_a_tenant_gets_403()
    {
        using var client =
            _api.ClientAs(TestTokens.Bearer(null, PlatformScopes.OrdersWrite, PlatformScopes.OrdersRead));

        using var response = await client.GetAsync("/orders?state=Placed");

        await TenantIsolationTests.ShouldBeProblem(response, HttpStatusCode.Forbidden, "'tenant' claim");
    }

    [Test]
    public async Task Health_and_the_openapi_document_need_no_token()
    {
        using var client = _api.ClientAs(null);

        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_tenant_past_its_limit_gets_429_with_retry_after_while_another_tenant_goes_on()
    {
        using var busy =
            _api.ClientAs(TestTokens.Bearer("busy-" + Guid.NewGuid().ToString("N"), PlatformScopes.OrdersWrite));
        using var quiet =
            _api.ClientAs(TestTokens.Bearer("quiet-" + Guid.NewGuid().ToString("N"), PlatformScopes.OrdersWrite));
        for (var i = 0; i < 2; i++)
        {
            using var accepted = await OrchestratorApi.Post(busy, Order);
            accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        using var refused = await OrchestratorApi.Post(busy, Order);
        using var other = await OrchestratorApi.Post(quiet, Order);

        await TenantIsolationTests.ShouldBeProblem(refused, HttpStatusCode.TooManyRequests, "retry after");
        refused.Headers.RetryAfter!.Delta.Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromHours(1));
        other.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    // A token exactly like the test issuer's but signed by a key the service never heard of.
    private static string Forged()
    {
        using var stranger = new DevelopmentTokenIssuer();
        return stranger.Issue("mallory", "t", PlatformScopes.All, TimeSpan.FromHours(1));
    }
}
