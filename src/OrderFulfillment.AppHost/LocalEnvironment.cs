using OrderFulfillment.EmbeddedPostgres;

namespace OrderFulfillment.AppHost;

/// <summary>The infrastructure every service needs: Kafka and one PostgreSQL database per service.</summary>
internal sealed class LocalEnvironment : IAsyncDisposable
{
    /// <summary>Database per service: nothing but Kafka topics is shared.</summary>
    public static readonly IReadOnlyList<string> ServiceDatabases = ["orders", "inventory", "payments", "shipping"];

    private readonly EmbeddedPostgresServer _postgres;
    private readonly EmbeddedKafkaProcess? _kafka;

    private LocalEnvironment(EmbeddedPostgresServer postgres, EmbeddedKafkaProcess? kafka, string bootstrapServers,
        IReadOnlyDictionary<string, string> connectionStrings)
    {
        _postgres = postgres;
        _kafka = kafka;
        KafkaBootstrapServers = bootstrapServers;
        ConnectionStrings = connectionStrings;
    }

    public string KafkaBootstrapServers { get; }

    /// <summary>The embedded Kafka's fault-injection channel; null on real Kafka.</summary>
    public Uri? KafkaControlAddress => _kafka?.ControlAddress;

    public bool PostgresIsEmbedded => _postgres.IsEmbedded;

    public IReadOnlyDictionary<string, string> ConnectionStrings { get; }

    public static async Task<LocalEnvironment> StartAsync(AppHostSettings settings, CancellationToken cancellationToken)
    {
        var postgres = await EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions
            {
                ConnectionString = settings.PostgresConnectionString,
                TrackStatements = settings.TrackPostgresStatements,
            },
            cancellationToken);
        EmbeddedKafkaProcess? kafka = null;
        try
        {
            var connectionStrings = new Dictionary<string, string>();
            foreach (var database in ServiceDatabases)
            {
                connectionStrings[database] = await postgres.CreateDatabaseAsync(database, cancellationToken);
            }

            if (settings.KafkaBootstrapServers is null)
            {
                kafka = await EmbeddedKafkaProcess.StartAsync(settings.EmbeddedBrokers, settings.EmbeddedControlPort, cancellationToken);
            }

            return new LocalEnvironment(postgres, kafka, settings.KafkaBootstrapServers ?? kafka!.BootstrapServers, connectionStrings);
        }
        catch
        {
            if (kafka is not null)
            {
                await kafka.DisposeAsync();
            }

            await postgres.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_kafka is not null)
        {
            await _kafka.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }
}
