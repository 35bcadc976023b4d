using OrderFulfillment.EmbeddedKafka;

namespace OrderFulfillment.Messaging.Avro.Tests.OnKafka;

/// <summary>
/// One embedded cluster for the Avro-on-Kafka tests; every test uses topics, groups and subjects of its own.
/// </summary>
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

    /// <summary>A fresh topic (and its dead-letter topic); its value subject is <c>{topic}-value</c>.</summary>
    public static async Task<string> CreateTopic(string name, int partitions = 3)
    {
        var topic = $"{name}.{Guid.NewGuid():N}";
        await Cluster.CreateTopicAsync(topic, partitions);
        await Cluster.CreateTopicAsync(topic + ".dlq", 1);
        return topic;
    }
}
