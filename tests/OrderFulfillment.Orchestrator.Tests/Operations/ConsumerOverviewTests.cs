using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.Orchestrator.Tests.Api;
using OrderFulfillment.ServiceDefaults.Auth;
using OrderFulfillment.ServiceDefaults.Operations;

namespace OrderFulfillment.Orchestrator.Tests.Operations;

/// <summary>
/// <c>GET /operations/consumers</c> of the orchestrator: its own consumers plus each worker's, asked with the caller's
/// token; a worker that does not answer is listed as unreachable and the others still show.
/// </summary>
public sealed class ConsumerOverviewTests
{
    private readonly StubWorkers _workers = new();
    private OrchestratorApi _api = null!;

    [OneTimeSetUp]
    public async Task Start() => _api = await OrchestratorApi.Start(services =>
    {
        services.Configure<WorkerServicesOptions>(o =>
        {
            o.Inventory.Url = StubWorkers.UrlOf("Inventory");
            o.Payments.Url = StubWorkers.UrlOf("Payments");
            o.Shipping.Url = StubWorkers.UrlOf("Shipping");
        });
        services.AddHttpClient(nameof(WorkerServices)).ConfigurePrimaryHttpMessageHandler(() => _workers);
    });

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _api.DisposeAsync();
        _workers.Dispose();
    }

    [Test]
    public async Task Every_service_is_listed_and_one_that_does_not_answer_is_unreachable_with_the_error()
    {
        var pending =
            new KafkaPendingRecord("order-1", 41, 12.5, 3, "System.TimeoutException", "The database did not answer.");
        var inventory = new ConsumerStatus("inventory-host/7", DateTimeOffset.UtcNow,
            [new KafkaPartitionStatus("inventory.reserve", "inventory.reserve", 2, 40, 45, 50, 10, 5, pending)]);
        _workers.Hosts["inventory"] = _ => StubWorkers.Json(inventory);
        _workers.Hosts["shipping"] = _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        // Payments has no answer at all: the connection is refused.
        var token = TestTokens.For(null, PlatformScopes.Operate);
        using var client = _api.ClientAs(new("Bearer", token));

        await Eventually.True(() => _api.Services.GetRequiredService<IKafkaRider>().ConsumerStatus().Count > 0,
            TimeSpan.FromSeconds(60), "the orchestrator's own endpoints own their partitions");
        var overview = await client.GetFromJsonAsync<ConsumerOverview>("/operations/consumers");

        overview!.Services.Select(s => s.Service).Should().Equal("Orchestrator", "Inventory", "Payments", "Shipping");
        overview.Services[0].Should()
            .Match<ServiceConsumers>(s => s.Reachable && s.Partitions.Count > 0 && s.Instance != null);
        overview.Services[1].Should()
            .BeEquivalentTo(new { Reachable = true, Error = (string?)null, Instance = "inventory-host/7" });
        overview.Services[1].Partitions.Should().ContainSingle().Which.OldestPending.Should().BeEquivalentTo(pending);
        overview.Services[2].Should()
            .BeEquivalentTo(new { Reachable = false, Partitions = Array.Empty<KafkaPartitionStatus>() });
        overview.Services[2].Error.Should().Contain("Connection refused");
        overview.Services[3].Should().BeEquivalentTo(new { Reachable = false, Error = "503 Service Unavailable" });
        _workers.Requests.Where(r => r.Path == ConsumerStatusEndpoint.Path).Select(r => r.Authorization).Should()
            .HaveCount(3).And.OnlyContain(a => a == token, "the caller's token is forwarded to every worker");
    }

    [Test]
    public async Task Without_the_operate_scope_the_overview_is_forbidden()
    {
        using var client = _api.ClientAs(TestTokens.Bearer("t", PlatformScopes.OrdersRead, PlatformScopes.OrdersWrite));

        using var response = await client.GetAsync("/operations/consumers");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
