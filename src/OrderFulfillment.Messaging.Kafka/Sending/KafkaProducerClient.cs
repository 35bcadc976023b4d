using Confluent.Kafka;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>
/// The rider's one idempotent producer, shared by every topic: librdkafka batches across topics and keeps per-partition
/// order, so one client is both faster and simpler than one per topic.
/// </summary>
public sealed class KafkaProducerClient : IDisposable
{
    private readonly Lazy<IProducer<byte[], byte[]>> _producer;

    /// <summary>Creates the client; the Confluent producer itself is created on first use.</summary>
    public KafkaProducerClient(KafkaClientSettings settings) =>
        _producer = new Lazy<IProducer<byte[], byte[]>>(() => new ProducerBuilder<byte[], byte[]>(settings.CreateProducerConfig()).Build());

    /// <summary>Produces one record and returns once the cluster acknowledged it; failures throw.</summary>
    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message, CancellationToken cancellationToken) =>
        _producer.Value.ProduceAsync(topic, message, cancellationToken);

    /// <summary>Waits for outstanding deliveries, then closes the producer.</summary>
    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(30));
            _producer.Value.Dispose();
        }
    }
}
