using OrderFulfillment.Contracts;
using OrderFulfillment.EmbeddedPostgres;
using OrderFulfillment.EmbeddedSchemaRegistry;

namespace OrderFulfillment.AppHost;

/// <summary>
/// The infrastructure every service needs: Kafka, a schema registry and one PostgreSQL database per service.
/// </summary>
internal sealed class LocalEnvironment : IAsyncDisposable
{
    /// <summary>Database per service: nothing but Kafka topics is shared.</summary>
    public static IReadOnlyList<string> ServiceDatabases => ServiceCatalogue.Databases;

    private readonly EmbeddedPostgresServer _postgres;
    private readonly EmbeddedKafkaProcess? _kafka;
    private readonly EmbeddedSchemaRegistryServer? _registry;

    private LocalEnvironment(EmbeddedPostgresServer postgres, EmbeddedKafkaProcess? kafka, string bootstrapServers,
        EmbeddedSchemaRegistryServer? registry, string registryUrl,
        IReadOnlyDictionary<string, string> connectionStrings,
        IReadOnlyDictionary<string, string> migrationsConnectionStrings)
    {
        _postgres = postgres;
        _kafka = kafka;
        _registry = registry;
        KafkaBootstrapServers = bootstrapServers;
        SchemaRegistryUrl = registryUrl;
        ConnectionStrings = connectionStrings;
        MigrationsConnectionStrings = migrationsConnectionStrings;
    }

    public string KafkaBootstrapServers { get; }

    /// <summary>The embedded Kafka's fault-injection channel; null on real Kafka.</summary>
    public Uri? KafkaControlAddress => _kafka?.ControlAddress;

    public bool PostgresIsEmbedded => _postgres.IsEmbedded;

    public string SchemaRegistryUrl { get; }

    /// <summary>True when the AppHost runs the registry itself (in memory, forgotten on stop).</summary>
    public bool SchemaRegistryIsEmbedded => _registry is not null;

    /// <summary>What each service runs with, by database: on the embedded cluster its application role
    /// (<c>{database}_app</c>, which cannot change the schema), on a configured server the configured
    /// credentials.</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings { get; }

    /// <summary>What each service migrates with: the database's owner <c>{database}_migrator</c> on the embedded
    /// cluster, the configured credentials on a configured server.</summary>
    public IReadOnlyDictionary<string, string> MigrationsConnectionStrings { get; }

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
            var (connectionStrings, migrationsConnectionStrings) =
                await Named("PostgreSQL", () => CreateDatabasesAsync(postgres, cancellationToken));

            if (settings.KafkaBootstrapServers is null)
            {
                kafka = await EmbeddedKafkaProcess.StartAsync(settings.EmbeddedBrokers, settings.EmbeddedControlPort,
                    cancellationToken);
            }

            if (settings.SchemaRegistryUrl is null)
            {
                registry = await Named("The embedded schema registry", () => EmbeddedSchemaRegistryServer.StartAsync(
                    new EmbeddedSchemaRegistryOptions { Port = settings.EmbeddedSchemaRegistryPort },
                    cancellationToken));
            }

            return new LocalEnvironment(postgres, kafka, settings.KafkaBootstrapServers ?? kafka!.BootstrapServers,
                registry, settings.SchemaRegistryUrl ?? registry!.Url, connectionStrings, migrationsConnectionStrings);
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

    /// <summary>
    /// On the embedded cluster, each database with its two roles and passwords generated for this run: services migrate
    /// as <c>{database}_migrator</c> and run as <c>{database}_app</c>. A configured server's roles are its operator's
    /// (docker/postgres/init.sh makes the same ones with their own passwords, which new ones here would overwrite), so
    /// there the databases are only created and the services use the configured credentials.
    /// </summary>
    private static async Task<(Dictionary<string, string> Application, Dictionary<string, string> Migrations)>
        CreateDatabasesAsync(EmbeddedPostgresServer postgres, CancellationToken cancellationToken)
    {
        var (application, migrations) = (new Dictionary<string, string>(), new Dictionary<string, string>());
        foreach (var name in ServiceDatabases)
        {
            if (postgres.IsEmbedded)
            {
                var database = await postgres.CreateServiceDatabaseAsync(name, cancellationToken);
                (application[name], migrations[name]) =
                    (database.ApplicationConnectionString, database.MigrationsConnectionString);
            }
            else
            {
                application[name] = migrations[name] = await postgres.CreateDatabaseAsync(name, cancellationToken);
            }
        }

        return (application, migrations);
    }

    /// <summary>
    /// Turns a piece's own start failure into one that names the piece; cancellation stays what it is.
    /// </summary>
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
