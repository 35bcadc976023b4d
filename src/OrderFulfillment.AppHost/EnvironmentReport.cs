using System.Text.Json;
using Npgsql;

namespace OrderFulfillment.AppHost;

internal static class EnvironmentReport
{
    public static void Print(LocalEnvironment environment, PlatformServices services, DevelopmentTokens tokens)
    {
        Console.WriteLine();
        Console.WriteLine("OrderFulfillment is running. Press Ctrl+C to stop everything.");
        Console.WriteLine($"  Orders API:               {services.Urls["Orchestrator"]}orders (OpenAPI: {services.Urls["Orchestrator"]}openapi/v1.json)");
        Console.WriteLine($"  Inventory API:            {services.Urls["Inventory"]}inventory/{{productId}}");
        Console.WriteLine($"  Payments:                 {services.Urls["Payments"]}payments/{{orderId}}");
        Console.WriteLine($"  Shipping:                 {services.Urls["Shipping"]}shipments/{{orderId}}");
        Console.WriteLine($"  Demo products:            {string.Join(", ", DemoCatalogue.Products.Select(p => p.ProductId))}");
        Console.WriteLine($"  Kafka bootstrap servers:  {environment.KafkaBootstrapServers}");
        if (environment.KafkaControlAddress is { } control)
        {
            Console.WriteLine($"  Kafka fault injection:    {control} (embedded cluster; see docs/embedded-kafka.md)");
        }

        Console.WriteLine($"  Schema registry:          {environment.SchemaRegistryUrl}{(environment.SchemaRegistryIsEmbedded ? " (embedded, in memory; see src/OrderFulfillment.EmbeddedSchemaRegistry/README.md)" : string.Empty)}");
        Console.WriteLine($"  PostgreSQL ({(environment.PostgresIsEmbedded ? "embedded, deleted on stop" : "external")}):");
        foreach (var (database, connectionString) in environment.ConnectionStrings)
        {
            Console.WriteLine($"    {database,-10} {WithoutPassword(connectionString)}");
        }

        Console.WriteLine("  Development tokens (valid 24 h, trusted only by this run; Orders acts for tenant "
            + $"'{DevelopmentTokens.DemoTenant}'; scopes in docs/api.md). Paste into a shell, then curl -H \"Authorization: Bearer $ORDERS_TOKEN\" ...:");
        foreach (var (role, token) in tokens.Roles)
        {
            Console.WriteLine($"    export {role.ToUpperInvariant()}_TOKEN={token}");
        }

        Console.WriteLine();
    }

    /// <summary>
    /// Writes the running platform's addresses as JSON (<c>--EnvironmentFile=path</c>), for tools that drive it,
    /// such as the benchmark, with a token per role. Written last, so its existence means the platform is ready.
    /// </summary>
    public static async Task WriteAsync(string path, LocalEnvironment environment, PlatformServices services, DevelopmentTokens tokens,
        CancellationToken cancellationToken)
    {
        var report = new
        {
            environment.KafkaBootstrapServers,
            environment.SchemaRegistryUrl,
            environment.ConnectionStrings,
            Services = services.Urls.ToDictionary(u => u.Key, u => u.Value.ToString()),
            Tokens = tokens.Roles,
        };
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(report), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    // Connection strings of a real server carry its password; a console is no place for it.
    private static string WithoutPassword(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString;
}
