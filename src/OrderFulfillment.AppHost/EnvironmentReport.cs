using System.Text.Json;

namespace OrderFulfillment.AppHost;

/// <summary>The running platform's addresses, as the report prints them and the environment file holds them.</summary>
internal sealed record PlatformAddresses(
    string KafkaBootstrapServers,
    Uri? KafkaControlAddress,
    string SchemaRegistryUrl,
    bool SchemaRegistryIsEmbedded,
    bool PostgresIsEmbedded,
    IReadOnlyDictionary<string, string> ConnectionStrings,
    IReadOnlyDictionary<string, Uri> Services,
    IReadOnlyDictionary<string, string>? Tokens = null,
    IReadOnlyDictionary<string, IReadOnlyList<Uri>>? Replicas = null)
{
    public static PlatformAddresses Of(LocalEnvironment environment, PlatformServices services,
        DevelopmentTokens? tokens = null) => new(
        environment.KafkaBootstrapServers, environment.KafkaControlAddress, environment.SchemaRegistryUrl,
        environment.SchemaRegistryIsEmbedded, environment.PostgresIsEmbedded, environment.ConnectionStrings,
        services.Urls, tokens?.Roles, services.Instances);

    /// <summary>Every replica's address by service; one per service when none were asked for.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Uri>> AllInstances =>
        Replicas ?? Services.ToDictionary(s => s.Key, s => (IReadOnlyList<Uri>)[s.Value]);
}

/// <summary>
/// Prints and writes where the platform runs. Passwords in connection strings and URLs are masked in both, unless
/// the environment file is asked for with its secrets (<c>--EnvironmentFileWithSecrets=true</c>).
/// </summary>
internal static class EnvironmentReport
{
    public static void Print(PlatformAddresses platform, TextWriter output)
    {
        var services = platform.Services;
        output.WriteLine();
        output.WriteLine("OrderFulfillment is running. Press Ctrl+C to stop everything.");
        output.WriteLine(
            $"  Orders API:               {services["Orchestrator"]}orders (OpenAPI: " +
            $"{services["Orchestrator"]}openapi/v1.json)");
        // The token rides in the fragment, which the browser never sends: the page keeps it for the tab
        // (docs/operations.md).
        var operatorToken = platform.Tokens?.GetValueOrDefault("Operator") is { } operate ? $"#token={operate}"
            : string.Empty;
        output.WriteLine($"  Operations console:       {services["Orchestrator"]}console/{operatorToken}");
        output.WriteLine($"  Inventory API:            {services["Inventory"]}inventory/{{productId}}");
        output.WriteLine($"  Payments:                 {services["Payments"]}payments/{{orderId}}");
        output.WriteLine($"  Shipping:                 {services["Shipping"]}shipments/{{orderId}}");
        foreach (var (service, replicas) in platform.AllInstances.Where(r => r.Value.Count > 1))
        {
            // The lines above stay one per service (the first replica): what the README and users rely on.
            output.WriteLine(
                $"  {service + " replicas:",-26}{string.Join(", ", replicas)} (same consumer groups: they split the " +
                $"partitions)");
        }

        output.WriteLine(
            $"  Demo products:            {string.Join(", ", DemoCatalogue.Products.Select(p => p.ProductId))}");
        output.WriteLine($"  Kafka bootstrap servers:  {SecretMasking.MaskUrl(platform.KafkaBootstrapServers)}");
        if (platform.KafkaControlAddress is { } control)
        {
            output.WriteLine($"  Kafka fault injection:    {control} (embedded cluster; see docs/embedded-kafka.md)");
        }

        var registryNote = platform.SchemaRegistryIsEmbedded
            ? " (embedded, in memory; see src/OrderFulfillment.EmbeddedSchemaRegistry/README.md)"
            : string.Empty;
        output.WriteLine(
            $"  Schema registry:          {SecretMasking.MaskUrl(platform.SchemaRegistryUrl)}{registryNote}");
        var postgresNote = platform.PostgresIsEmbedded
            ? "embedded, deleted on stop; each service runs as <database>_app and migrates as <database>_migrator, " +
              "passwords generated at start"
            : "external";
        output.WriteLine($"  PostgreSQL ({postgresNote}):");
        foreach (var (database, connectionString) in platform.ConnectionStrings)
        {
            output.WriteLine($"    {database,-10} {SecretMasking.MaskConnectionString(connectionString)}");
        }

        if (platform.Tokens is { Count: > 0 } tokens)
        {
            output.WriteLine("  Development tokens (valid 24 h, trusted only by this run; Orders acts for tenant "
                + $"'{DevelopmentTokens.DemoTenant}'; scopes in docs/api.md). Paste into a shell, then curl -H " +
                    $"\"Authorization: Bearer $ORDERS_TOKEN\" ...:");
            foreach (var (role, token) in tokens)
            {
                output.WriteLine($"    export {role.ToUpperInvariant()}_TOKEN={token}");
            }
        }

        output.WriteLine();
    }

    /// <summary>
    /// Writes the running platform's addresses as JSON (<c>--EnvironmentFile=path</c>), for tools that drive it,
    /// such as the benchmark. Written last, so its existence means the platform is ready. Readable by the user only
    /// (0600 on Unix), and with masked passwords unless <paramref name="withSecrets"/>: a tool that must connect to
    /// the databases or call the APIs asks for them (and the development tokens) explicitly.
    /// </summary>
    public static async Task WriteAsync(string path, PlatformAddresses platform, bool withSecrets,
        CancellationToken cancellationToken)
    {
        var report = new
        {
            KafkaBootstrapServers = withSecrets ? platform.KafkaBootstrapServers
                : SecretMasking.MaskUrl(platform.KafkaBootstrapServers),
            SchemaRegistryUrl = withSecrets ? platform.SchemaRegistryUrl
            : SecretMasking.MaskUrl(platform.SchemaRegistryUrl),
            ConnectionStrings = platform.ConnectionStrings.ToDictionary(
                c => c.Key, c => withSecrets ? c.Value : SecretMasking.MaskConnectionString(c.Value)),
            Services = platform.Services.ToDictionary(u => u.Key, u => u.Value.ToString()),
            // Every instance, the first being the one in Services: readers of Services alone see what they always did.
            Replicas = platform.AllInstances.ToDictionary(r => r.Key, r => r.Value.Select(u => u.ToString()).ToList()),
            // Tokens are secrets too: a tool that calls the APIs (the benchmark) asks for the file with secrets.
            Tokens = withSecrets ? platform.Tokens : null,
        };
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(temporary, options))
        {
            await JsonSerializer.SerializeAsync(file, report, cancellationToken: cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
