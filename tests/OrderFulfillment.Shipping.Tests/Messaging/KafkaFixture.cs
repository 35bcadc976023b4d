using OrderFulfillment.Contracts;
using OrderFulfillment.EmbeddedKafka;

namespace OrderFulfillment.Shipping.Tests.Messaging;

/// <summary>An embedded Kafka with the shipping topics, for the tests of this namespace only.</summary>
[SetUpFixture]
public sealed class KafkaFixture
{
    private static EmbeddedKafkaCluster? _kafka;

    public static EmbeddedKafkaCluster Kafka => _kafka ?? throw new InvalidOperationException("Kafka has not started.");

    [OneTimeSetUp]
    public async Task Start()
    {
        _kafka = EmbeddedKafkaCluster.Start();
        RiderHost.BootstrapServers = _kafka.BootstrapServers;
        foreach (var topic in new[] { Topics.CreateShipment, Topics.ShipmentCreated, Topics.CancelShipment,
            Topics.ShipmentCancelled })
        {
            await _kafka.CreateTopicAsync(topic.Name, topic.Partitions);
            await _kafka.CreateTopicAsync(topic.DeadLetterTopic, 3);
        }
    }

    [OneTimeTearDown]
    public void Stop() => _kafka?.Dispose();
}
