using System.Collections.Concurrent;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>One send transport per topic, shared by every endpoint and scope of the rider.</summary>
public sealed class KafkaTopicTransports
{
    private readonly ConcurrentDictionary<string, KafkaSendTransport> _transports = new(StringComparer.Ordinal);
    private readonly KafkaProducerClient _client;

    /// <summary>Creates the cache over the rider's producer.</summary>
    public KafkaTopicTransports(KafkaProducerClient client, KafkaProducerRegistry registry)
    {
        _client = client;
        Registry = registry;
    }

    /// <summary>The message types the rider produces, with their topics and keys.</summary>
    public KafkaProducerRegistry Registry { get; }

    /// <summary>The transport of <paramref name="topic"/>.</summary>
    public KafkaSendTransport Get(string topic) =>
        _transports.GetOrAdd(topic, t => new KafkaSendTransport(t, _client, Registry));
}
