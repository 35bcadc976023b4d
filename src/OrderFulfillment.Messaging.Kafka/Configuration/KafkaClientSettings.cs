using Confluent.Kafka;

namespace OrderFulfillment.Messaging.Kafka.Configuration;

/// <summary>
/// Connection and security settings shared by every producer and consumer of the rider. Everything Confluent's
/// <see cref="ClientConfig"/> supports (SASL/SCRAM, TLS, client id, ...) passes through unchanged.
/// </summary>
public sealed class KafkaClientSettings
{
    /// <summary>The client configuration; <see cref="ClientConfig.BootstrapServers"/> at least must be set.</summary>
    public ClientConfig Client { get; } = new();

    /// <summary>Extra producer settings applied after the rider's defaults (acks=all, idempotence on).</summary>
    public Action<ProducerConfig>? ConfigureProducer { get; set; }

    internal ProducerConfig CreateProducerConfig()
    {
        var config = new ProducerConfig(Client.ToDictionary(p => p.Key, p => p.Value))
        {
            // Durable and duplicate-free from the producer's side: every in-sync replica has the record before it
            // counts as sent, and retries cannot reorder or duplicate within a partition on real Kafka.
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 2,
        };
        ConfigureProducer?.Invoke(config);
        return config;
    }

    internal ConsumerConfig CreateConsumerConfig(string groupId) =>
        new(Client.ToDictionary(p => p.Key, p => p.Value)) { GroupId = groupId };
}
