namespace OrderFulfillment.Benchmarks;

/// <summary>The running platform's addresses, as the AppHost writes them with <c>--EnvironmentFile</c>.</summary>
internal sealed record PlatformEnvironment(
    string KafkaBootstrapServers,
    string SchemaRegistryUrl,
    IReadOnlyDictionary<string, string> ConnectionStrings,
    IReadOnlyDictionary<string, Uri> Services)
{
    public Uri Orchestrator => Services["Orchestrator"];

    public Uri Inventory => Services["Inventory"];
}
