using Confluent.Kafka;
using MassTransit;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>
/// The rider's one idempotent producer, shared by every topic: librdkafka batches across topics and keeps per-partition
/// order, so one client is both faster and simpler than one per topic. A fatal error (librdkafka's <c>IsFatal</c>, e.g.
/// an idempotence invariant broken) leaves a producer unusable for good, so the client then builds a new one, and
/// reports itself unhealthy until a produce through the new one succeeded.
/// </summary>
public sealed class KafkaProducerClient : IDisposable
{
    private readonly Func<Action<Error>, IProducer<byte[], byte[]>> _build;

    // Handing a record to a producer whose native handle is being destroyed crashes the process, and work still running
    // while a host shuts down (a handler's dead letter, say) can try exactly that. Produce calls therefore hold the
    // read side while they enqueue, and Dispose and the rebuild take the write side before giving a handle up.
    private readonly ReaderWriterLockSlim _lifetime = new();
    private IProducer<byte[], byte[]>? _producer;
    private int _generation;
    private bool _disposed;
    private volatile KafkaException? _fatal;

    /// <summary>Creates the client; the Confluent producer itself is created on first use.</summary>
    public KafkaProducerClient(KafkaClientSettings settings)
        : this(onError => new ProducerBuilder<byte[], byte[]>(settings.CreateProducerConfig())
            .SetErrorHandler((_, e) => onError(e)).Build())
    {
    }

    /// <summary>
    /// The seam for tests: <paramref name="build"/> creates a producer that reports its errors to the given callback.
    /// </summary>
    internal KafkaProducerClient(Func<Action<Error>, IProducer<byte[], byte[]>> build) => _build = build;

    /// <summary>
    /// The fatal error the producer was retired after, until a produce through its replacement succeeded; otherwise
    /// null. The rider reports its topic endpoints Unhealthy meanwhile; a readiness check of its own can read it too.
    /// </summary>
    public KafkaException? FatalError => _fatal;

    /// <summary>How many producers were built (the first one included).</summary>
    internal int Generation => Volatile.Read(ref _generation);

    /// <summary>Produces one record and returns once the cluster acknowledged it; failures throw.</summary>
    /// <exception cref="ObjectDisposedException">The client was disposed (the process is shutting down).</exception>
    public async Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message,
        CancellationToken cancellationToken)
    {
        Task<DeliveryResult<byte[], byte[]>>? delivery = null;
        var generation = 0;
        while (delivery is null)
        {
            ProduceException<byte[], byte[]>? fatal = null;
            _lifetime.EnterReadLock();
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                generation = _generation;
                delivery = _producer?.ProduceAsync(topic, message, cancellationToken);
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.IsFatal)
            {
                fatal = ex;
            }
            finally
            {
                _lifetime.ExitReadLock();
            }

            if (fatal is not null)
            {
                OnError(generation, fatal.Error);
                throw fatal;
            }

            if (delivery is null)
            {
                Build();
            }
        }

        try
        {
            var result = await delivery;
            if (generation == Volatile.Read(ref _generation))
            {
                _fatal = null;
            }

            return result;
        }
        catch (ProduceException<byte[], byte[]> ex) when (ex.Error.IsFatal)
        {
            OnError(generation, ex.Error);
            throw;
        }
    }

    private void Build()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_producer is null && !_disposed)
            {
                var built = ++_generation;
                _producer = _build(error => OnError(built, error));
            }
        }
        finally
        {
            _lifetime.ExitWriteLock();
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
            if (_producer is not null)
            {
                _producer.Flush(TimeSpan.FromSeconds(30));
                _producer.Dispose();
                _producer = null;
            }
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }
    }

    /// <summary>
    /// Runs on the failing producer's own callback thread, or after a produce failed: a fatal error of the current
    /// producer retires it, and the next produce builds a new one. Errors of retired producers are ignored.
    /// </summary>
    private void OnError(int generation, Error error)
    {
        if (!error.IsFatal)
        {
            return;
        }

        IProducer<byte[], byte[]>? retired = null;
        _lifetime.EnterWriteLock();
        try
        {
            if (_disposed || generation != _generation || _producer is null)
            {
                return;
            }

            _fatal = new KafkaException(error);
            retired = _producer;
            _producer = null;
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }

        LogContext.Error?.Log(_fatal,
            "The Kafka producer failed fatally ({Reason}); a new producer is built for the next record", error.Reason);
        KafkaTelemetry.ProducerRebuilds.Add(1);

        // Not disposed here: this may be the retired producer's own callback thread, which disposing would wait for.
        _ = Task.Run(retired.Dispose);
    }
}
