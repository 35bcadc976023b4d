using Confluent.Kafka;
using MassTransit;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// When and what a topic endpoint commits. It commits each owned partition up to its first unfinished record, in
/// batches (every <c>CheckpointInterval</c> or <c>CheckpointMessageCount</c> handled records), before a revoked
/// partition is released (after its fetched records finished) and before the member leaves. Refused commits are
/// tried again later: offsets only move forward, so a late commit is safe. Every method but <see cref="Handled"/>
/// and <see cref="Abort"/> runs on the polling thread, where the consumer's synchronous commit, passed in as
/// <c>commit</c>, may be called.
/// </summary>
internal sealed class OffsetCommitter(TopicEndpointSettings settings, AssignedPartitions partitions, TimeProvider time)
{
    private const int ReleaseCommitAttempts = 5;
    private static readonly TimeSpan ReleaseCommitBackoff = TimeSpan.FromMilliseconds(200);

    // How long handlers cancelled at the end of a revocation get to return before the partition is released.
    private static readonly TimeSpan CancellationGrace = TimeSpan.FromSeconds(2);

    private DateTimeOffset _checkpoint = time.GetUtcNow() + settings.CheckpointInterval;
    private int _handledSinceCheckpoint;
    private volatile bool _aborted;
    private volatile bool _leaving;

    /// <summary>Set by <see cref="Abort"/>: nothing is committed any more, as after a crash.</summary>
    public bool IsAborted => _aborted;

    /// <summary>A record was handled (consumed or dead-lettered); enough of them make a checkpoint due.</summary>
    public void Handled() => Interlocked.Increment(ref _handledSinceCheckpoint);

    /// <summary>A new consumer session starts: its first checkpoint is one interval away.</summary>
    public void StartCheckpoints() => _checkpoint = time.GetUtcNow() + settings.CheckpointInterval;

    /// <summary>Commits what finished if the checkpoint interval passed or enough records were handled since.</summary>
    public void CommitIfDue(Action<IEnumerable<TopicPartitionOffset>> commit)
    {
        if (time.GetUtcNow() >= _checkpoint ||
            Volatile.Read(ref _handledSinceCheckpoint) >= settings.CheckpointMessageCount)
        {
            Commit(commit, partitions.All);
            _checkpoint = time.GetUtcNow() + settings.CheckpointInterval;
        }
    }

    /// <summary>
    /// The final commit. Refused mid-rebalance, it can only succeed once this member has taken part in the
    /// rebalance, which happens while <paramref name="poll"/> polls; records fetched meanwhile are not handled and
    /// stay for the next owner. Gives up after the stop timeout.
    /// </summary>
    public void CommitBeforeLeaving(Action<IEnumerable<TopicPartitionOffset>> commit, Action poll)
    {
        var deadline = time.GetUtcNow() + settings.StopTimeout;
        while (!Commit(commit, partitions.All) && time.GetUtcNow() < deadline)
        {
            poll();
        }
    }

    /// <summary>
    /// The member is leaving the group: from now on revoked partitions are released without a commit, because
    /// librdkafka can wait forever for a synchronous commit made from the revocation handler that leaving runs.
    /// </summary>
    public void Leave() => _leaving = true;

    /// <summary>Simulates a crash for tests: nothing is committed from now on; revoked partitions are lost.</summary>
    public void Abort() => _aborted = true;

    /// <summary>
    /// Runs before the partitions move: records already fetched from them finish (up to the revocation timeout;
    /// then their handlers are cancelled and the rest is left to the next owner), and what finished is committed.
    /// </summary>
    public void Revoke(Action<IEnumerable<TopicPartitionOffset>> commit, IEnumerable<TopicPartition> revoked)
    {
        var released = partitions.Remove(revoked);
        if (_aborted || _leaving)
        {
            foreach (var offsets in released)
            {
                offsets.MarkLost();
            }

            return;
        }

        var deadline = time.GetUtcNow() + settings.RevocationTimeout;
        foreach (var offsets in released)
        {
            var remaining = deadline - time.GetUtcNow();
            if (!offsets.RevokeAndWait(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, CancellationGrace))
            {
                LogContext.Warning?.Log(
                    "Records of {Partition} unfinished after {Timeout}; they will be redelivered to the next owner",
                    offsets.Partition, settings.RevocationTimeout);
            }
        }

        CommitBeforeRelease(commit, released);
    }

    /// <summary>
    /// A commit refused while partitions are handed over (the group is mid-rebalance) would let the next owner start
    /// at an older offset and redo what was finished, so it is tried a few times before settling for at-least-once.
    /// </summary>
    private void CommitBeforeRelease(
        Action<IEnumerable<TopicPartitionOffset>> commit, IReadOnlyCollection<PartitionOffsets> released)
    {
        for (var attempt = 1; !Commit(commit, released) && attempt < ReleaseCommitAttempts; attempt++)
        {
            Thread.Sleep(ReleaseCommitBackoff);
        }
    }

    /// <summary>Commits what finished; false when the cluster refused it (it is then tried again later).</summary>
    private bool Commit(Action<IEnumerable<TopicPartitionOffset>> commit, IEnumerable<PartitionOffsets> owned)
    {
        if (_aborted)
        {
            return true;
        }

        var pending = owned.Select(p => (Offsets: p, Next: p.Committable())).Where(p => p.Next is not null).ToList();
        if (pending.Count == 0)
        {
            return true;
        }

        Interlocked.Exchange(ref _handledSinceCheckpoint, 0);
        try
        {
            commit(pending.Select(p => p.Next!));
            pending.ForEach(p => p.Offsets.Committed(p.Next!.Offset.Value));
            return true;
        }
        catch (TopicPartitionOffsetException ex)
        {
            // The partitions the cluster accepted count as committed; the others are tried again.
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
        KafkaTelemetry.CommitFailures.Add(1, new KeyValuePair<string, object?>("topic", settings.Topic),
            new KeyValuePair<string, object?>("error", error.Code.ToString()));
        LogContext.Warning?.Log(
            "Kafka offset commit for {Topic} failed ({Reason}); it is retried at the next checkpoint",
            settings.Topic, error.Reason);
    }
}
