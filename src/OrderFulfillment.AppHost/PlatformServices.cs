namespace OrderFulfillment.AppHost;

/// <summary>A service of the platform: its child-process key, its database and its default address.</summary>
internal sealed record ServiceDefinition(string Name, string Database, string DefaultUrl);

/// <summary>The four services, each its own process with its own database; they share nothing but Kafka topics.</summary>
internal sealed class PlatformServices : IAsyncDisposable
{
    public static readonly IReadOnlyList<ServiceDefinition> All =
    [
        new("Orchestrator", "orders", "http://localhost:5080"),
        new("Inventory", "inventory", "http://localhost:5081"),
        new("Payments", "payments", "http://localhost:5082"),
        new("Shipping", "shipping", "http://localhost:5083"),
    ];

    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Consumer settings for the embedded cluster. The mock hands a crashed member's partitions over only after its
    /// session timeout (about that plus 5 s, whatever the membership), so a 6 s session lets a killed and restarted
    /// service consume again within about 10 s instead of 50. Its idle fetches wait the whole fetch.wait.max.ms, even
    /// when a record arrives meanwhile, and an order crosses seven topics: 10 ms keeps that under about 40 ms per order
    /// (50 ms cost about 175), at the price of the idle consumers polling the mock 100 times a second. Producers send at
    /// once (linger.ms 0): the outbox relay already hands over whole batches, and the 2 ms wait added 14 ms to an
    /// order's seven hops (measured: p50 at 100/s 159 → 129 ms, same CPU). Real Kafka
    /// keeps the services' defaults (docs/messaging.md recommends static membership there).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> EmbeddedKafkaConsumerSettings = new Dictionary<string, string>
    {
        ["Kafka__Consumer__SessionTimeoutMs"] = "6000",
        ["Kafka__Consumer__HeartbeatIntervalMs"] = "1000",
        ["Kafka__Consumer__FetchWaitMaxMs"] = "10",
        ["Kafka__Producer__LingerMs"] = "0",
    };

    private readonly List<ChildProcess> _processes = [];

    private PlatformServices(IReadOnlyDictionary<string, Uri> urls) => Urls = urls;

    /// <summary>Each service's base address, by name.</summary>
    public IReadOnlyDictionary<string, Uri> Urls { get; }

    /// <summary>Starts every service and waits until each reports ready (its database and Kafka endpoints up).</summary>
    public static async Task<PlatformServices> StartAsync(LocalEnvironment environment, AppHostSettings settings, DevelopmentTokens tokens,
        CancellationToken cancellationToken)
    {
        var urls = All.ToDictionary(s => s.Name, s => new Uri(settings.ServiceUrls.GetValueOrDefault(s.Name) ?? s.DefaultUrl));
        var services = new PlatformServices(urls);
        try
        {
            foreach (var service in All)
            {
                var variables = new Dictionary<string, string>
                {
                    ["Urls"] = urls[service.Name].ToString(),
                    ["ConnectionStrings__Database"] = environment.ConnectionStrings[service.Database],
                    ["Kafka__BootstrapServers"] = environment.KafkaBootstrapServers,
                    ["SchemaRegistry__Url"] = environment.SchemaRegistryUrl,
                    ["OTEL_SERVICE_NAME"] = "orderfulfillment-" + service.Name.ToLowerInvariant(),
                };
                foreach (var (key, value) in tokens.ServiceVariables)
                {
                    variables[key] = value;
                }

                if (service.Name == "Orchestrator")
                {
                    // The operations hub calls the workers' operations endpoints, on its own behalf for reconciliation.
                    All.Where(s => s != service).ToList().ForEach(s => variables[$"Services__{s.Name}__Url"] = urls[s.Name].ToString());
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

                services._processes.Add(ChildProcess.Start(service.Name, service.Name.ToLowerInvariant(), [], variables));
            }

            await ServiceReadiness.WaitAsync(
                [.. All.Zip(services._processes, (service, process) => new StartingService(service.Name, process, urls[service.Name]))],
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
    /// Stops every service at once: each finishes its in-flight messages and commits their offsets on SIGTERM, and
    /// whatever one leaves unfinished is redelivered from Kafka on the next start.
    /// </summary>
    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
}
