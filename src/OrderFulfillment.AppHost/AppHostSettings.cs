using Microsoft.Extensions.Configuration;

namespace OrderFulfillment.AppHost;

/// <summary>
/// Where the platform's infrastructure comes from. Empty addresses mean "embedded": a private PostgreSQL cluster, the
/// embedded Kafka host and an in-process schema registry are started. Set them (appsettings.json,
/// <c>--Kafka:BootstrapServers=...</c> or <c>Kafka__BootstrapServers</c>, likewise <c>SchemaRegistry:Url</c>) to run on
/// real Kafka, PostgreSQL and schema registry. <c>--Postgres:TrackStatements=true</c> makes the
/// embedded cluster collect <c>pg_stat_statements</c> for profiling. <c>--EnvironmentFile=path</c> writes the addresses
/// as JSON with passwords masked; <c>--EnvironmentFileWithSecrets=true</c> keeps them, for a tool that connects.
/// <c>--Replicas:Inventory=2</c> starts two instances of a service (<see cref="ServiceReplicas"/>).
/// </summary>
internal sealed record AppHostSettings(
    string? KafkaBootstrapServers,
    int EmbeddedBrokers,
    int EmbeddedControlPort,
    string? SchemaRegistryUrl,
    int EmbeddedSchemaRegistryPort,
    string? PostgresConnectionString,
    bool TrackPostgresStatements,
    IReadOnlyDictionary<string, string> ServiceUrls,
    IReadOnlyDictionary<string, int> Replicas,
    bool SeedDemoStock,
    bool RunDemo,
    string? EnvironmentFile,
    bool EnvironmentFileWithSecrets)
{
    /// <summary>The flag that submits demo orders once the platform is up.</summary>
    public const string DemoFlag = "--demo";

    /// <exception cref="PlatformStartException">A setting has a value that cannot work; the message names
    /// it.</exception>
    public static AppHostSettings Load(string[] args)
    {
        var config = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a != DemoFlag).ToArray())
            .Build();
        return new AppHostSettings(
            NullIfEmpty(config["Kafka:BootstrapServers"]),
            config.GetValue("Kafka:EmbeddedBrokers", 3),
            config.GetValue("Kafka:EmbeddedControlPort", 5090),
            NullIfEmpty(config["SchemaRegistry:Url"]),
            config.GetValue("SchemaRegistry:EmbeddedPort", 5091),
            NullIfEmpty(config["Postgres:ConnectionString"]),
            config.GetValue("Postgres:TrackStatements", false),
            config.GetSection("Services").GetChildren()
                .Where(s => !string.IsNullOrWhiteSpace(s["Url"]))
                .ToDictionary(s => s.Key, s => s["Url"]!, StringComparer.OrdinalIgnoreCase),
            ServiceReplicas.Read(config),
            config.GetValue("Demo:SeedStock", true),
            args.Contains(DemoFlag),
            NullIfEmpty(config["EnvironmentFile"]),
            config.GetValue("EnvironmentFileWithSecrets", false));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
