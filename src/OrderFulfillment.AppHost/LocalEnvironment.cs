using OrderFulfillment.EmbeddedPostgres;
using OrderFulfillment.EmbeddedSchemaRegistry;

namespace OrderFulfillment.AppHost;

/// <summary>The infrastructure every service needs: Kafka, a schema registry and one PostgreSQL database per service.</summary>
internal sealed class LocalEnvironment : IAsyncDisposable
{
    /// <summary>Database per service: nothing but Kafka topics is shared.</summary>
    public static readonly IReadOnlyList<string> ServiceDatabases = ["orders", "inventory", "payments", "shipping"];

    private readonly EmbeddedPostgresServer _postgres;
    private readonly EmbeddedKafkaProcess? _kafka;
    private readonly EmbeddedSchemaRegistryServer? _registry;

    private LocalEnvironment(EmbeddedPostgresServer postgres, EmbeddedKafkaProcess? kafka, string bootstrapServers,
        EmbeddedSchemaRegistryServer? registry, string registryUrl, IReadOnlyDictionary<string, string> connectionStrings)
    {
        _postgres = postgres;
        _kafka = kafka;
        _registry = registry;
        KafkaBootstrapServers = bootstrapServers;
        SchemaRegistryUrl = registryUrl;
        ConnectionStrings = connectionStrings;
    }

    public string KafkaBootstrapServers { get; }

    /// <summary>The embedded Kafka's fault-injection channel; null on real Kafka.</summary>
    public Uri? KafkaControlAddress => _kafka?.ControlAddress;

    public bool PostgresIsEmbedded => _postgres.IsEmbedded;

    public string SchemaRegistryUrl { get; }

    /// <summary>True when the AppHost runs the registry itself (in memory, forgotten on stop).</summary>
    public bool SchemaRegistryIsEmbedded => _registry is not null;

    public IReadOnlyDictionary<string, string> ConnectionStrings { get; }

    public static async Task<LocalEnvironment> StartAsync(AppHostSettings settings, CancellationToken cancellationToken)
    {
        var postgres = await Named("PostgreSQL", () => EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions
            {
                ConnectionString = settings.PostgresConnectionString,
                TrackStatements = settings.TrackPostgresStatements,
            },
            cancellationToken));
        EmbeddedKafkaProcess? kafka = null;
        EmbeddedSchemaRegistryServer? registry = null;
        try
        {
            var connectionStrings = new Dictionary<string, string>();
            foreach (var database in ServiceDatabases)
            {
                connectionStrings[database] = await Named("PostgreSQL", () => postgres.CreateDatabaseAsync(database, cancellationToken));
            }

            if (settings.KafkaBootstrapServers is null)
            {
                kafka = await EmbeddedKafkaProcess.StartAsync(settings.EmbeddedBrokers, settings.EmbeddedControlPort, cancellationToken);
            }

            if (settings.SchemaRegistryUrl is null)
            {
                registry = await Named("The embedded schema registry", () => EmbeddedSchemaRegistryServer.StartAsync(
                    new EmbeddedSchemaRegistryOptions { Port = settings.EmbeddedSchemaRegistryPort }, cancellationToken));
            }

            return new LocalEnvironment(postgres, kafka, settings.KafkaBootstrapServers ?? kafka!.BootstrapServers,
                registry, settings.SchemaRegistryUrl ?? registry!.Url, connectionStrings);
        }
        catch
        {
            if (registry is not null)
            {
                await registry.DisposeAsync();
            }

            if (kafka is not null)
            {
                await kafka.DisposeAsync();
            }

            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>Turns a piece's own start failure into one that names the piece; cancellation stays what it is.</summary>
    private static async Task<T> Named<T>(string piece, Func<Task<T>> start)
    {
        try
        {
            return await start();
        }
        catch (Exception e) when (e is not OperationCanceledException and not PlatformStartException)
        {
            throw new PlatformStartException($"{piece} could not start: {SecretMasking.MaskText(e.Message)}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_kafka is not null)
        {
            await _kafka.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }
}
