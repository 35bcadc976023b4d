using Confluent.Kafka;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

internal sealed partial class KafkaConsumerLoop
{
    /// <summary>
    /// The session's consumer. Its rebalance handlers run on the polling thread: an assignment starts the partitions'
    /// bookkeeping afresh, a revocation lets them finish and commits (see <see cref="OffsetCommitter.Revoke"/>), and a
    /// loss commits nothing, because the partitions already belong to someone else.
    /// </summary>
    private IConsumer<byte[], byte[]> BuildConsumer() =>
        new ConsumerBuilder<byte[], byte[]>(_settings.ConsumerConfig)
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((consumer, partitions) =>
                _commits.Revoke(consumer.Commit, partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, partitions) => _partitions.Lose(partitions.Select(p => p.TopicPartition)))
            .SetErrorHandler((_, error) => _health.ClientError(error))
            .SetStatisticsHandler((_, json) => _health.Statistics(json))
            .Build();

    private void OnAssigned(List<TopicPartition> partitions)
    {
        _partitions.Assign(partitions);
        _health.Assigned();
    }
}
