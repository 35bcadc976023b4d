using Confluent.Kafka;
using MassTransit;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

internal sealed partial class KafkaConsumerLoop
{
    private const int ReleaseCommitAttempts = 5;
    private static readonly TimeSpan ReleaseCommitBackoff = TimeSpan.FromMilliseconds(200);

    // How long handlers cancelled at the end of a revocation get to return before the partition is released.
    private static readonly TimeSpan CancellationGrace = TimeSpan.FromSeconds(2);

    private IConsumer<byte[], byte[]> BuildConsumer() =>
        new ConsumerBuilder<byte[], byte[]>(_settings.ConsumerConfig)
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler(OnRevoked)
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
            .SetErrorHandler((_, error) => _health.ClientError(error))
            .SetStatisticsHandler((_, json) => _health.Statistics(json))
            .Build();

    private void OnAssigned(List<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions[partition] = new PartitionOffsets(partition);
        }

        _health.Assigned();
    }

    /// <summary>
    /// Runs on the polling thread before the partitions move: records already fetched from them finish (up to the
    /// revocation timeout; then their handlers are cancelled and the rest is left to the next owner), and what
    /// finished is committed.
    /// </summary>
    private void OnRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        var revoked = partitions.Select(p => _partitions.TryRemove(p.TopicPartition, out var o) ? o : null).OfType<PartitionOffsets>().ToList();
        if (_aborted || _closing)
        {
            revoked.ForEach(o => o.MarkLost());
            return;
        }

        var deadline = DateTime.UtcNow + _settings.RevocationTimeout;
        foreach (var offsets in revoked)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (!offsets.RevokeAndWait(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, CancellationGrace))
            {
                LogContext.Warning?.Log("Records of {Partition} unfinished after {Timeout}; they will be redelivered to the next owner",
                    offsets.Partition, _settings.RevocationTimeout);
            }
        }

        CommitBeforeRelease(consumer, revoked);
    }

    /// <summary>
    /// A commit refused while partitions are handed over (the group is mid-rebalance) would let the next owner start
    /// at an older offset and redo what was finished, so it is tried a few times before settling for at-least-once.
    /// </summary>
    private void CommitBeforeRelease(IConsumer<byte[], byte[]> consumer, IReadOnlyCollection<PartitionOffsets> partitions)
    {
        for (var attempt = 1; !Commit(consumer, partitions) && attempt < ReleaseCommitAttempts; attempt++)
        {
            Thread.Sleep(ReleaseCommitBackoff);
        }
    }

    /// <summary>The partitions already belong to someone else: committing for them would be wrong, so nothing is.</summary>
    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        foreach (var partition in partitions)
        {
            if (_partitions.TryRemove(partition.TopicPartition, out var offsets))
            {
                offsets.MarkLost();
            }
        }
    }

    /// <summary>Commits what finished; false when the cluster refused it (it is then tried again later).</summary>
    private bool Commit(IConsumer<byte[], byte[]> consumer, IEnumerable<PartitionOffsets> partitions)
    {
        if (_aborted)
        {
            return true;
        }

        var pending = partitions.Select(p => (Offsets: p, Next: p.Committable())).Where(p => p.Next is not null).ToList();
        if (pending.Count == 0)
        {
            return true;
        }

        Interlocked.Exchange(ref _handledSinceCheckpoint, 0);
        try
        {
            consumer.Commit(pending.Select(p => p.Next!));
            pending.ForEach(p => p.Offsets.Committed(p.Next!.Offset.Value));
            return true;
        }
        catch (TopicPartitionOffsetException ex)
        {
            foreach (var (offsets, next) in pending)
            {
                if (ex.Results.Any(r => r.TopicPartition == offsets.Partition && r.Error.Code == ErrorCode.NoError))
                {
                    offsets.Committed(next!.Offset.Value);
                }
            }

            CommitFailed(ex.Error);
            return false;
        }
        catch (KafkaException ex) when (CommitErrors.IsRetriable(ex.Error))
        {
            CommitFailed(ex.Error);
            return false;
        }
    }

    private void CommitFailed(Error error)
    {
        KafkaTelemetry.CommitFailures.Add(1, new KeyValuePair<string, object?>("topic", _settings.Topic), new KeyValuePair<string, object?>("error", error.Code.ToString()));
        LogContext.Warning?.Log("Kafka offset commit for {Topic} failed ({Reason}); it is retried at the next checkpoint", _settings.Topic, error.Reason);
    }
}
