namespace OrderFulfillment.EmbeddedKafka.Tests;

/// <summary>One cluster for the assembly; each test uses topics and groups of its own.</summary>
[SetUpFixture]
public sealed class EmbeddedKafkaFixture
{
    private static EmbeddedKafkaCluster? _cluster;

    public static EmbeddedKafkaCluster Cluster =>
        _cluster ?? throw new InvalidOperationException("The embedded Kafka fixture has not started.");

    [OneTimeSetUp]
    public void StartCluster() => _cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = 3 });

    [OneTimeTearDown]
    public void StopCluster() => _cluster?.Dispose();

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
