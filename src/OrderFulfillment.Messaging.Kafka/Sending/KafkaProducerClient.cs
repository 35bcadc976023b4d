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

    // Handing a record to a producer whose native handle is being destroyed crashes the process, and work still running
    // while a host shuts down (a handler's dead letter, say) can try exactly that. Produce calls therefore hold the read
    // side while they enqueue, and Dispose takes the write side before destroying the handle.
    private readonly ReaderWriterLockSlim _lifetime = new();
    private bool _disposed;

    /// <summary>Creates the client; the Confluent producer itself is created on first use.</summary>
    public KafkaProducerClient(KafkaClientSettings settings) =>
        _producer = new Lazy<IProducer<byte[], byte[]>>(() => new ProducerBuilder<byte[], byte[]>(settings.CreateProducerConfig()).Build());

    /// <summary>Produces one record and returns once the cluster acknowledged it; failures throw.</summary>
    /// <exception cref="ObjectDisposedException">The client was disposed (the process is shutting down).</exception>
    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message, CancellationToken cancellationToken)
    {
        _lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _producer.Value.ProduceAsync(topic, message, cancellationToken);
        }
        finally
        {
            _lifetime.ExitReadLock();
        }
    }

    /// <summary>Waits for outstanding deliveries, then closes the producer.</summary>
    public void Dispose()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_producer.IsValueCreated)
            {
                _producer.Value.Flush(TimeSpan.FromSeconds(30));
                _producer.Value.Dispose();
            }
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }
    }
}
