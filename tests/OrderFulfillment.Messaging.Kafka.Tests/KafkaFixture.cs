using OrderFulfillment.EmbeddedKafka;

namespace OrderFulfillment.Messaging.Kafka.Tests;

/// <summary>One embedded cluster for the assembly; every test uses topics and groups of its own.</summary>
[SetUpFixture]
public sealed class KafkaFixture
{
    private static EmbeddedKafkaCluster? _cluster;

    public static EmbeddedKafkaCluster Cluster => _cluster
        ?? throw new InvalidOperationException("The cluster has not started.");

    [OneTimeSetUp]
    public void Start()
    {
        _cluster = EmbeddedKafkaCluster.Start();
        RiderHost.BootstrapServers = _cluster.BootstrapServers;
    }

    [OneTimeTearDown]
    public void Stop() => _cluster?.Dispose();

    /// <summary>A fresh topic (and its dead-letter topic) with <paramref name="partitions"/> partitions.</summary>
    public static async Task<string> CreateTopic(string name, int partitions = 6)
    {
        var topic = $"{name}.{Guid.NewGuid():N}";
        await Cluster.CreateTopicAsync(topic, partitions);
        await Cluster.CreateTopicAsync(topic + ".dlq", 1);
        return topic;
    }
}
