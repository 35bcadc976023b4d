namespace OrderFulfillment.AppHost;

internal static class EnvironmentReport
{
    public static void Print(LocalEnvironment environment)
    {
        Console.WriteLine();
        Console.WriteLine("OrderFulfillment is running. Press Ctrl+C to stop everything.");
        Console.WriteLine($"  Kafka bootstrap servers:  {environment.KafkaBootstrapServers}");
        if (environment.KafkaControlAddress is { } control)
        {
            Console.WriteLine($"  Kafka fault injection:    {control} (embedded cluster; see docs/embedded-kafka.md)");
        }

        Console.WriteLine($"  PostgreSQL ({(environment.PostgresIsEmbedded ? "embedded, deleted on stop" : "external")}):");
        foreach (var (database, connectionString) in environment.ConnectionStrings)
        {
            Console.WriteLine($"    {database,-10} {connectionString}");
        }

        Console.WriteLine();
    }
}
