using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Contracts;
using OrderFulfillment.EmbeddedKafka;
using OrderFulfillment.EmbeddedPostgres;
using OrderFulfillment.Inventory;
using OrderFulfillment.Orchestrator;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.Payments;
using OrderFulfillment.ServiceDefaults.Auth;
using OrderFulfillment.Shipping;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>
/// The whole platform for the assembly: real PostgreSQL (a database per service), the embedded Kafka cluster with
/// every catalogued topic, and the four services, each a host of its own talking to the others only through Kafka.
/// Tests use products and orders of their own, so they share the platform without sharing data.
/// </summary>
[SetUpFixture]
public sealed class Platform
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(2);
    private static readonly List<IAsyncDisposable> Services = [];
    private static readonly WorkerRouting Workers = new();
    private static readonly List<ServiceDefinition> Started = [];
    private static EmbeddedKafkaCluster? _kafka;
    private static EmbeddedPostgresServer? _postgres;

    /// <summary>The tenant the clients act for.</summary>
    public const string Tenant = "tenant-e2e";

    public static HttpClient Orders { get; private set; } = null!;

    /// <summary>The orchestrator's services, for tests that run one of its jobs now rather than wait for it.</summary>
    public static IServiceProvider OrdersServices { get; private set; } = null!;

    public static HttpClient Inventory { get; private set; } = null!;

    public static HttpClient Payments { get; private set; } = null!;

    public static HttpClient Shipping { get; private set; } = null!;

    public static string BootstrapServers => _kafka!.BootstrapServers;

    /// <summary>
    /// Each database's owner (its migrator), for the tests' own checks; the services run as the application roles.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ConnectionStrings { get; private set; } =
        new Dictionary<string, string>();

    [OneTimeSetUp]
    public async Task Start()
    {
        _postgres = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { Durable = false });
        _kafka = EmbeddedKafkaCluster.Start();
        RiderHost.BootstrapServers = _kafka.BootstrapServers;
        foreach (var topic in Topics.All)
        {
            await _kafka.CreateTopicAsync(topic.Name, topic.Partitions);
            await _kafka.CreateTopicAsync(topic.DeadLetterTopic, 1);
        }

        // Least privilege, as deployed: each service migrates as its database's migrator and runs as its application
        // role.
        var databases = new Dictionary<string, ServiceDatabase>();
        foreach (var name in ServiceCatalogue.Databases)
        {
            databases[name] = await _postgres.CreateServiceDatabaseAsync(name);
        }

        ConnectionStrings = databases.ToDictionary(d => d.Key, d => d.Value.MigrationsConnectionString);
        var orchestratorSettings = new Dictionary<string, string>
        {
            // Generous: under the 200-order test a 2-core runner must not turn slowness into timeouts.
            ["Saga:ReservationTimeout"] = "00:10:00",
            ["Saga:PaymentTimeout"] = "00:10:00",
            ["Saga:ShipmentTimeout"] = "00:10:00",
            ["Services:Token"] = TestTokens.For(null, PlatformScopes.Operate),
            ["Reconciliation:Interval"] = "01:00:00",
            ["Reconciliation:SettleTime"] = "00:00:03",
        };
        // The operations hub reaches the workers' test servers through WorkerRouting; reconciliation runs when a test
        // asks.
        foreach (var worker in ServiceCatalogue.Workers)
        {
            orchestratorSettings[$"Services:{worker.Name}:Url"] = WorkerRouting.Url(worker.Name);
        }

        Orders = Start<OrdersDbContext>(ServiceCatalogue.Orchestrator, databases, orchestratorSettings,
            services: s => s.AddHttpClient(nameof(WorkerServices)).ConfigurePrimaryHttpMessageHandler(() => Workers));
        Inventory = Start<InventoryDbContext>(ServiceCatalogue.Inventory, databases, []);
        Payments = Start<PaymentsDbContext>(ServiceCatalogue.Payments, databases, []);
        Shipping = Start<ShippingDbContext>(ServiceCatalogue.Shipping, databases, []);
        StartedEveryCataloguedService();
        foreach (var client in new[] { Orders, Inventory, Payments, Shipping })
        {
            await WaitUntilReady(client);
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        Orders?.Dispose();
        Inventory?.Dispose();
        Payments?.Dispose();
        Shipping?.Dispose();
        foreach (var service in Enumerable.Reverse(Services))
        {
            await service.DisposeAsync();
        }

        _kafka?.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    /// <summary>Sets a product's available stock through the inventory API.</summary>
    public static async Task SetStock(string productId, int available)
    {
        var response = await Inventory.PutAsJsonAsync($"/inventory/{productId}", new { available });
        response.EnsureSuccessStatusCode();
    }

    private static HttpClient Start<TEntryPoint>(ServiceDefinition service,
        Dictionary<string, ServiceDatabase> databases, Dictionary<string, string> settings,
        Action<IServiceCollection>? services = null)
        where TEntryPoint : class
    {
        Started.Add(service);
        var database = databases[service.Database];
        settings["ConnectionStrings:Database"] = database.ApplicationConnectionString;
        settings["ConnectionStrings:DatabaseMigrations"] = database.MigrationsConnectionString;
        settings["Kafka:BootstrapServers"] = _kafka!.BootstrapServers;
        settings["Kafka:Consumer:SessionTimeoutMs"] = "6000";
        settings["Kafka:Consumer:HeartbeatIntervalMs"] = "500";
        settings["Kafka:Consumer:FetchWaitMaxMs"] = "10";
        settings["Kafka:Consumer:StatisticsIntervalMs"] = "1000";
        settings["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in TestSchemaRegistry.ServiceSettings().Concat(TestTokens.ServiceSettings))
        {
            settings[key] = value;
        }

        var factory = new ServiceFactory<TEntryPoint>(settings, services);
        Services.Add(factory);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (service.IsWorker)
        {
            Workers.Add(service.Name, factory.Server);
        }
        else
        {
            OrdersServices = factory.Services;
        }

        // The tenant of every order these tests place (Orders.Body), with every scope: the tests here are about the
        // flow.
        client.DefaultRequestHeaders.Authorization = TestTokens.Everything(Tenant);
        return client;
    }

    /// <summary>
    /// A service added to <see cref="ServiceCatalogue"/> needs a host here too (its entry point is a type of its own
    /// project, which the catalogue cannot name): this says which one is missing rather than letting a flow hang.
    /// </summary>
    private static void StartedEveryCataloguedService()
    {
        var missing = ServiceCatalogue.All.Except(Started).Select(s => s.Name).ToList();
        if (missing.Count > 0)
        {
            Assert.Fail("tests/OrderFulfillment.EndToEnd.Tests/Platform.cs starts no " + string.Join(", ", missing)
                + ": add a Start<TEntryPoint>(ServiceCatalogue.{Name}, ...) line and a client property for each.");
        }
    }

    /// <summary>
    /// Ready means the database answers and every topic endpoint has joined its group and is consuming.
    /// </summary>
    private static async Task WaitUntilReady(HttpClient client)
    {
        using var deadline = new CancellationTokenSource(ReadyDeadline);
        while (true)
        {
            var response = await client.GetAsync("/health/ready", CancellationToken.None);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (deadline.IsCancellationRequested)
            {
                Assert.Fail(
                    $"{client.BaseAddress} not ready within {ReadyDeadline}: " +
                    $"{await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }
}
