using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OrderFulfillment.AppHost;
using OrderFulfillment.Contracts;
using OrderFulfillment.EmbeddedKafka.Control;
using OrderFulfillment.EmbeddedPostgres;
using OrderFulfillment.EmbeddedSchemaRegistry;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.FaultTests;

/// <summary>
/// The platform as real processes, the way the AppHost runs it: a private PostgreSQL cluster (a database per service),
/// the embedded Kafka host as a child process with its control channel, and each service as a child process of its
/// own, on its own port. Faults are injected from outside: signals to processes, the Kafka control channel, and
/// pg_ctl for PostgreSQL.
/// </summary>
internal sealed class FaultPlatform : IAsyncDisposable
{
    private readonly EmbeddedPostgresServer _postgres;
    private readonly EmbeddedKafkaProcess _kafka;
    private readonly EmbeddedSchemaRegistryServer _registry;
    private readonly Dictionary<string, ServiceInstance> _primaries = new(StringComparer.Ordinal);
    // Read by the load's submissions while a scenario starts and stops replicas.
    private readonly List<ServiceInstance> _extras = [];
    private readonly Lock _extrasLock = new();
    private readonly Dictionary<string, int> _instanceCounters = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, ServiceDatabase> _databases;

    private FaultPlatform(EmbeddedPostgresServer postgres, EmbeddedKafkaProcess kafka,
        EmbeddedSchemaRegistryServer registry, EmbeddedKafkaControlClient control,
        IReadOnlyDictionary<string, ServiceDatabase> databases, string logDirectory)
    {
        _postgres = postgres;
        _kafka = kafka;
        _registry = registry;
        Control = control;
        _databases = databases;
        ConnectionStrings =
            databases.ToDictionary(d => d.Key, d => d.Value.MigrationsConnectionString, StringComparer.Ordinal);
        LogDirectory = logDirectory;
        Kafka = new KafkaProbe(kafka.BootstrapServers);
        Avro = new AvroRecords(registry.Url);
    }

    /// <summary>The catalogued services, in start order.</summary>
    public static IReadOnlyList<ServiceDefinition> Services => ServiceCatalogue.All;

    /// <summary>Fault injection on the embedded cluster: brokers down and up, round-trip delays.</summary>
    public EmbeddedKafkaControlClient Control { get; }

    /// <summary>The schema registry every service uses.</summary>
    public EmbeddedSchemaRegistryServer Registry => _registry;

    /// <summary>
    /// Reads and writes record values as the services do: Avro, with ids from <see cref="Registry"/>.
    /// </summary>
    public AvroRecords Avro { get; }

    /// <summary>Reads offsets and records, and produces raw records, with plain Kafka clients.</summary>
    public KafkaProbe Kafka { get; }

    /// <summary>Connection strings by database name (orders, inventory, payments, shipping), as each database's owner
    /// (its migrator), for the suite's own checks; the services run as the application roles, as the AppHost starts
    /// them.</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings { get; }

    /// <summary>Where every process writes its output, one file per instance.</summary>
    public string LogDirectory { get; }

    /// <summary>Issues the tokens the services trust, as the AppHost does.</summary>
    private readonly DevelopmentTokens _tokens = new();

    /// <summary>
    /// Calls the services as the load's tenant with every scope (the orders of <see cref="LoadDriver"/> are that
    /// tenant's).
    /// </summary>
    public HttpClient Http => _http ??= new HttpClient
    {
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = _tokens.Bearer(LoadDriver.Tenant, [.. PlatformScopes.All]) },
    };

    private HttpClient? _http;

    /// <summary>The base address of the orders API (the orchestrator's primary instance).</summary>
    public Uri OrdersUrl => _primaries[ServiceCatalogue.Orchestrator.Name].Url;

    /// <summary>
    /// The orders API of every orchestrator instance taking requests, the primary first: the load spreads over them as
    /// a load balancer would. A replica leaves this list before it is stopped or killed.
    /// </summary>
    public IReadOnlyList<Uri> OrdersUrls =>
        [OrdersUrl, .. Extras().Where(e => e.Service == ServiceCatalogue.Orchestrator).Select(e => e.Url)];

    /// <summary>The base address of the inventory API.</summary>
    public Uri InventoryUrl => _primaries[ServiceCatalogue.Inventory.Name].Url;

    public static async Task<FaultPlatform> StartAsync(string logDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(logDirectory);
        // Not durable: fsync off keeps the suite fast; a fast shutdown still writes everything committed to disk.
        var postgres =
            await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { Durable = false }, cancellationToken);
        EmbeddedKafkaProcess? kafka = null;
        try
        {
            var databases = new Dictionary<string, ServiceDatabase>(StringComparer.Ordinal);
            foreach (var database in ServiceCatalogue.Databases)
            {
                databases[database] = await postgres.CreateServiceDatabaseAsync(database, cancellationToken);
            }

            kafka = await EmbeddedKafkaProcess.StartAsync(3, FreePort(), cancellationToken);
            var control = await EmbeddedKafkaControlClient.ConnectAsync(kafka.ControlAddress, cancellationToken);
            var registry =
                await EmbeddedSchemaRegistryServer.StartAsync(new EmbeddedSchemaRegistryOptions(), cancellationToken);
            var platform = new FaultPlatform(postgres, kafka, registry, control, databases, logDirectory);
            try
            {
                foreach (var service in Services)
                {
                    platform._primaries[service.Name] = platform.StartInstance(service);
                }

                await platform.WaitUntilReadyAsync(cancellationToken);
                return platform;
            }
            catch
            {
                await platform.DisposeAsync();
                throw;
            }
        }
        catch when (kafka is null)
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>The running primary instance of a service.</summary>
    public ServiceInstance Primary(string service) => _primaries[service];

    /// <summary>
    /// Starts one more instance of a service, on a new port, in the same database and consumer groups.
    /// </summary>
    public ServiceInstance StartInstance(ServiceDefinition service)
    {
        var number = _instanceCounters[service.Name] = _instanceCounters.GetValueOrDefault(service.Name) + 1;
        var name = $"{service.Name.ToLowerInvariant()}-{number.ToString(CultureInfo.InvariantCulture)}";
        return ServiceInstance.Start(service, name, FreePort(), Environment(service), LogDirectory);
    }

    /// <summary>Starts an extra replica and waits until it is ready.</summary>
    public async Task<ServiceInstance> StartReplicaAsync(string service, CancellationToken cancellationToken)
    {
        var replica = StartInstance(Services.Single(s => s.Name == service));
        try
        {
            // Ready before it is an extra: the load sends orders only to an orchestrator that can take them.
            await replica.WaitUntilReadyAsync(Http, cancellationToken);
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }

        lock (_extrasLock)
        {
            _extras.Add(replica);
        }

        return replica;
    }

    /// <summary>Stops an extra replica gracefully (SIGTERM).</summary>
    public async Task StopReplicaAsync(ServiceInstance replica)
    {
        RemoveExtra(replica);
        await replica.StopAsync();
    }

    /// <summary>
    /// Kills an extra replica (SIGKILL): its partitions go to the instances left once its session times out.
    /// </summary>
    public async Task KillReplicaAsync(ServiceInstance replica)
    {
        RemoveExtra(replica);
        await replica.KillAsync();
    }

    private List<ServiceInstance> Extras()
    {
        lock (_extrasLock)
        {
            return [.. _extras];
        }
    }

    private void RemoveExtra(ServiceInstance replica)
    {
        lock (_extrasLock)
        {
            _extras.Remove(replica);
        }
    }

    /// <summary>Replaces the primary of a service with a new instance (after a kill or in a rolling restart).</summary>
    public ServiceInstance ReplacePrimary(string service)
    {
        var replacement = StartInstance(Services.Single(s => s.Name == service));
        _primaries[service] = replacement;
        return replacement;
    }

    /// <summary>Restarts PostgreSQL with a fast shutdown, down for <paramref name="downtime"/>.</summary>
    public Task RestartPostgresAsync(TimeSpan downtime, CancellationToken cancellationToken) =>
        _postgres.RestartAsync(downtime, cancellationToken);

    /// <summary>
    /// Ensures every primary runs and is ready, no extra replica runs, the registry answers, and every broker is up
    /// with no delay.
    /// </summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        foreach (var extra in Extras())
        {
            await StopReplicaAsync(extra);
        }

        Registry.Unavailable = false;
        await Control.SetBrokerUpAsync(-1, cancellationToken);
        for (var broker = 1; broker <= 3; broker++)
        {
            await Control.SetRoundTripDelayAsync(broker, TimeSpan.Zero, cancellationToken);
        }

        foreach (var service in Services)
        {
            if (_primaries[service.Name].HasExited)
            {
                ReplacePrimary(service.Name);
            }
        }

        await WaitUntilReadyAsync(cancellationToken);
    }

    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        foreach (var instance in _primaries.Values.Concat(Extras()))
        {
            await instance.WaitUntilReadyAsync(Http, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_primaries.Values.Concat(Extras()).Select(i => i.DisposeAsync().AsTask()));
        Kafka.Dispose();
        Control.Dispose();
        _http?.Dispose();
        _tokens.Dispose();
        await _kafka.DisposeAsync();
        await _registry.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    // Dynamic group membership: on the mock cluster a static member (group.instance.id) is not handed its partitions
    // back any sooner after a crash (shared/notes/kafka-mock-cluster.md), so the session timeout alone bounds failover.
    private Dictionary<string, string> Environment(ServiceDefinition service) => new(
        PlatformServices.EmbeddedKafkaConsumerSettings.Concat(_tokens.ServiceVariables), StringComparer.Ordinal)
    {
        ["ConnectionStrings__Database"] = _databases[service.Database].ApplicationConnectionString,
        ["ConnectionStrings__DatabaseMigrations"] = _databases[service.Database].MigrationsConnectionString,
        ["Kafka__BootstrapServers"] = _kafka.BootstrapServers,
        ["Kafka__Consumer__StatisticsIntervalMs"] = "1000",
        ["SchemaRegistry__Url"] = _registry.Url,
        ["SchemaRegistry__AutoRegisterSchemas"] = "true",
        ["OTEL_SERVICE_NAME"] = "orderfulfillment-" + service.Name.ToLowerInvariant(),
        // Warnings and errors only: retries and dead letters are logged as warnings, and the logs stay small.
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
