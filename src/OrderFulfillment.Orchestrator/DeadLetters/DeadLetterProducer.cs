using Confluent.Kafka;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>
/// Produces replays to their source topics and waits for the brokers' acknowledgement (all in-sync replicas,
/// idempotent), so a dead letter is marked replayed only once its replay is on the topic.
/// </summary>
public sealed class DeadLetterProducer(ProducerConfig config) : IDisposable
{
    private readonly Lazy<IProducer<byte[], byte[]>> _producer =
        new(() => new ProducerBuilder<byte[], byte[]>(config).Build());

    /// <summary>Where the record landed.</summary>
    public async Task<TopicPartitionOffset> Produce(string topic, Message<byte[], byte[]> record,
        CancellationToken cancellationToken) =>
        (await _producer.Value.ProduceAsync(topic, record, cancellationToken)).TopicPartitionOffset;

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(10));
            _producer.Value.Dispose();
        }
    }
}
