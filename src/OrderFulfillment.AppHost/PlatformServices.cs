using OrderFulfillment.Contracts;

namespace OrderFulfillment.AppHost;

/// <summary>
/// The catalogued services, each its own process with its own database; they share nothing but Kafka topics.
/// </summary>
internal sealed class PlatformServices : IAsyncDisposable
{
    /// <summary>What the AppHost starts, in order: <see cref="ServiceCatalogue.All"/>.</summary>
    public static IReadOnlyList<ServiceDefinition> All => ServiceCatalogue.All;

    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Consumer settings for the embedded cluster. The mock hands a crashed member's partitions over only after its
    /// session timeout (about that plus 5 s, whatever the membership), so a 6 s session lets a killed and restarted
    /// service consume again within about 10 s instead of 50. Its idle fetches wait the whole fetch.wait.max.ms, even
    /// when a record arrives meanwhile, and an order crosses seven topics: 10 ms keeps that under about 40 ms per order
    /// (50 ms cost about 175), at the price of the idle consumers polling the mock 100 times a second. Producers send
    /// at once (linger.ms 0): the outbox relay already hands over whole batches, and the 2 ms wait added 14 ms to an
    /// order's seven hops (measured: p50 at 100/s 159 → 129 ms, same CPU). Real Kafka
    /// keeps the services' defaults (docs/messaging.md recommends static membership there).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> EmbeddedKafkaConsumerSettings =
        new Dictionary<string, string>
    {
        ["Kafka__Consumer__SessionTimeoutMs"] = "6000",
        ["Kafka__Consumer__HeartbeatIntervalMs"] = "1000",
        ["Kafka__Consumer__FetchWaitMaxMs"] = "10",
        ["Kafka__Producer__LingerMs"] = "0",
    };

    private readonly List<ChildProcess> _processes = [];

    private PlatformServices(IReadOnlyDictionary<string, IReadOnlyList<Uri>> instances) => Instances = instances;

    /// <summary>Each service's base address (its first replica's), by name.</summary>
    public IReadOnlyDictionary<string, Uri> Urls => Instances.ToDictionary(i => i.Key, i => i.Value[0]);

    /// <summary>Every replica's base address, by service name, replica 1 first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Uri>> Instances { get; }

    /// <summary>
    /// Starts every replica of every service and waits until each reports ready (its database and Kafka endpoints up).
    /// </summary>
    public static async Task<PlatformServices> StartAsync(LocalEnvironment environment, AppHostSettings settings,
        DevelopmentTokens tokens, CancellationToken cancellationToken)
    {
        var plan = ServiceReplicas.Plan(settings).ToList();
        var services = new PlatformServices(ServiceReplicas.UrlsByService(plan));
        try
        {
            foreach (var instance in plan)
            {
                services._processes.Add(ChildProcess.Start(instance.Service.Name, instance.Name, [], Variables(instance,
                    environment, tokens, services.Urls)));
            }

            await ServiceReadiness.WaitAsync(
                [.. plan.Zip(services._processes,
                    (instance, process) => new StartingService(instance.DisplayName, process, instance.Url))],
                ReadyDeadline, cancellationToken);

            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// What an instance is given. Replicas of a service get the same database and the same consumer groups (the
    /// services name them), so they split the partitions; only the address and the names they report differ.
    /// </summary>
    private static Dictionary<string, string> Variables(ServiceInstancePlan instance, LocalEnvironment environment,
        DevelopmentTokens tokens, IReadOnlyDictionary<string, Uri> urls)
    {
        var clientId = "orderfulfillment-" + instance.Name;
        var variables = new Dictionary<string, string>
        {
            ["Urls"] = instance.Url.ToString(),
            ["ConnectionStrings__Database"] = environment.ConnectionStrings[instance.Service.Database],
            ["ConnectionStrings__DatabaseMigrations"] =
                environment.MigrationsConnectionStrings[instance.Service.Database],
            ["Kafka__BootstrapServers"] = environment.KafkaBootstrapServers,
            ["SchemaRegistry__Url"] = environment.SchemaRegistryUrl,
            ["OTEL_SERVICE_NAME"] = "orderfulfillment-" + instance.Service.Name.ToLowerInvariant(),
            // Which replica a connection or a span is from: the brokers' client id, OpenTelemetry's service instance.
            ["Kafka__Consumer__ClientId"] = clientId,
            ["Kafka__Producer__ClientId"] = clientId,
            ["Telemetry__ServiceInstanceId"] = instance.Name,
        };
        foreach (var (key, value) in tokens.ServiceVariables)
        {
            variables[key] = value;
        }

        if (instance.Service == ServiceCatalogue.Orchestrator)
        {
            // The operations hub calls the workers' operations endpoints (their first replica), on its own behalf for
            // reconciliation.
            foreach (var worker in ServiceCatalogue.Workers)
            {
                variables[$"Services__{worker.Name}__Url"] = urls[worker.Name].ToString();
            }

            variables["Services__Token"] = tokens.OrchestratorToken;
        }

        if (environment.KafkaControlAddress is not null)
        {
            foreach (var (key, value) in EmbeddedKafkaConsumerSettings)
            {
                variables[key] = value;
            }
        }

        if (environment.SchemaRegistryIsEmbedded)
        {
            // The embedded registry starts empty every time: the services register the schemas they carry.
            variables["SchemaRegistry__AutoRegisterSchemas"] = "true";
        }

        return variables;
    }

    /// <summary>
    /// Stops every instance at once: each finishes its in-flight messages and commits their offsets on SIGTERM, and
    /// whatever one leaves unfinished is redelivered from Kafka on the next start.
    /// </summary>
    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
}
