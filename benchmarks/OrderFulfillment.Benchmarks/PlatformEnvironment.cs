namespace OrderFulfillment.Benchmarks;

/// <summary>
/// The running platform's addresses and development tokens by role, as the AppHost writes them with
/// <c>--EnvironmentFile</c>.
/// </summary>
internal sealed record PlatformEnvironment(
    string KafkaBootstrapServers,
    string SchemaRegistryUrl,
    IReadOnlyDictionary<string, string> ConnectionStrings,
    IReadOnlyDictionary<string, Uri> Services,
    IReadOnlyDictionary<string, string> Tokens)
{
    public Uri Orchestrator => Services["Orchestrator"];

    public Uri Inventory => Services["Inventory"];
}
