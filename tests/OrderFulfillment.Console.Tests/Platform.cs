using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Contracts;
using OrderFulfillment.EmbeddedPostgres;
using OrderFulfillment.EndToEnd.Tests;
using OrderFulfillment.Orchestrator;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.Payments;
using OrderFulfillment.ServiceDefaults.Auth;
using OrderFulfillment.Shipping;

namespace OrderFulfillment.Console.Tests;

/// <summary>
/// The platform the console is tried against: real PostgreSQL, the embedded Kafka cluster with every catalogued topic,
/// the orchestrator on a real port (the browser needs a URL), payments and shipping. The inventory service is left
/// out on purpose: every order waits in Placed for a reservation that does not come, which is what an operator
/// has to see and repair (a dwell limit of one second on Placed makes each such order a breach). The orchestrator
/// reaches payments and shipping over HTTP as it does when deployed (through <see cref="WorkerRouting"/>); the
/// inventory's address answers nothing, so the consumers and reconciliation views show an unreachable service.
/// </summary>
[SetUpFixture]
public sealed class Platform
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(2);
    private static readonly List<IAsyncDisposable> Hosts = [];
    private static readonly WorkerRouting Workers = new();
    private static PlatformInfrastructure? _infrastructure;

    /// <summary>The tenant orders are placed for.</summary>
    public const string Tenant = "tenant-console";

    /// <summary>The orchestrator's address, served by Kestrel.</summary>
    public static Uri Orchestrator { get; private set; } = null!;

    /// <summary>The orchestrator as a client placing orders (every scope, <see cref="Tenant"/>).</summary>
    public static HttpClient Orders { get; private set; } = null!;

    /// <summary>A token with the operate scope only, as the AppHost's OPERATOR_TOKEN.</summary>
    public static string OperatorToken { get; } = TestTokens.For(null, PlatformScopes.Operate);

    public static string BootstrapServers => _infrastructure!.Kafka.BootstrapServers;

    [OneTimeSetUp]
    public async Task Start()
    {
        _infrastructure = await PlatformInfrastructure.StartAsync();
        Orchestrator = new Uri($"http://127.0.0.1:{PlatformHosting.FreePort()}/");
        var settings = new Dictionary<string, string>
        {
            ["Saga:ReservationTimeout"] = "00:10:00",
            ["Saga:PaymentTimeout"] = "00:10:00",
            ["Saga:ShipmentTimeout"] = "00:10:00",
            ["Operations:DwellLimits:Placed"] = "00:00:01",
            ["Operations:StatisticsInterval"] = "00:00:01",
            ["Telemetry:ActiveOrdersInterval"] = "00:00:01",
            ["Services:Token"] = OperatorToken,
            ["Reconciliation:Interval"] = "00:00:02",
            ["Reconciliation:SettleTime"] = "00:00:01",
        };
        // Every worker has an address, the ones not started here (inventory) included: those answer nothing.
        foreach (var worker in ServiceCatalogue.Workers)
        {
            settings[$"Services:{worker.Name}:Url"] = WorkerRouting.Url(worker.Name);
        }

        var orchestrator = new ServiceFactory<OrdersDbContext>(
            PlatformHosting.Settings(await CreateDatabase(ServiceCatalogue.Orchestrator), BootstrapServers, settings),
            services => services.AddHttpClient(nameof(WorkerServices))
                .ConfigurePrimaryHttpMessageHandler(() => Workers));
        orchestrator.UseKestrel(Orchestrator.Port);
        orchestrator.StartServer();
        Hosts.Add(orchestrator);
        Orders = new HttpClient { BaseAddress = Orchestrator };
        Orders.DefaultRequestHeaders.Authorization = TestTokens.Everything(Tenant);

        var payments = await Start<PaymentsDbContext>(ServiceCatalogue.Payments);
        var shipping = await Start<ShippingDbContext>(ServiceCatalogue.Shipping);
        foreach (var client in new[] { Orders, payments, shipping })
        {
            await PlatformHosting.WaitUntilReady(client, ReadyDeadline);
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        Orders?.Dispose();
        foreach (var host in Enumerable.Reverse(Hosts))
        {
            await host.DisposeAsync();
        }

        if (_infrastructure is not null)
        {
            await _infrastructure.DisposeAsync();
        }
    }

    private static Task<ServiceDatabase> CreateDatabase(ServiceDefinition service) =>
        _infrastructure!.Postgres.CreateServiceDatabaseAsync(service.Database);

    private static async Task<HttpClient> Start<TEntryPoint>(ServiceDefinition service)
        where TEntryPoint : class
    {
        var factory = new ServiceFactory<TEntryPoint>(
            PlatformHosting.Settings(await CreateDatabase(service), BootstrapServers));
        Hosts.Add(factory);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Workers.Add(service.Name, factory.Server);
        return client;
    }
}
