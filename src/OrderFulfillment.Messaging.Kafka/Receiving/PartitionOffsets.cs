using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// Offset bookkeeping for one assigned partition. Records complete out of order (different keys run concurrently);
/// the committable offset is the lowest one still pending, so a commit never passes a record whose handling has not
/// finished. It also owns the partition's cancellation: handlers are cancelled when the partition is lost, or revoked
/// and not finished within the revocation timeout.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification =
    "The token sources are never linked to others and hold no wait handle; handlers may still read their tokens " +
    "after the partition is gone.")]
internal sealed class PartitionOffsets(TopicPartition partition)
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, PendingRecord> _pending = [];
    private readonly CancellationTokenSource _revoking = new();
    private readonly CancellationTokenSource _cancelled = new();
    private long _next = -1;
    private long _committed = -1;
    private int _unsettled; // fetched records whose handling has not returned (queued or running)
    private TaskCompletionSource? _settled;

    public TopicPartition Partition { get; } = partition;

    /// <summary>
    /// Set once no further record of this partition may start: it was revoked (after the drain) or lost.
    /// </summary>
    public bool IsRevoked { get; private set; }

    /// <summary>
    /// Cancelled as soon as the partition is being revoked or lost: a record waiting to be tried again gives up.
    /// </summary>
    public CancellationToken Revoking => _revoking.Token;

    /// <summary>
    /// The handlers' token: cancelled when the partition is lost, or revoked and not drained in time.
    /// </summary>
    public CancellationToken Cancelled => _cancelled.Token;

    public void Add(KafkaRecord record)
    {
        lock (_lock)
        {
            _pending[record.Offset] = new PendingRecord(record, Stopwatch.GetTimestamp(), 0, null);
            _next = record.Offset + 1;
            _unsettled++;
        }
    }

    /// <summary>
    /// Claims the right to handle a record, counting its first attempt; false once the partition was revoked, so it is
    /// left to the next owner.
    /// </summary>
    public bool TryStart(long offset)
    {
        lock (_lock)
        {
            if (!IsRevoked)
            {
                Attempting(offset);
                return true;
            }

            Settle();
            return false;
        }
    }

    public void Finish(long offset, bool handled)
    {
        lock (_lock)
        {
            if (handled)
            {
                _pending.Remove(offset);
            }

            Settle();
        }
    }

    /// <summary>The offset to commit (next record to read), if it moved since the last commit.</summary>
    public TopicPartitionOffset? Committable()
    {
        lock (_lock)
        {
            var next = _pending.Count == 0 ? _next : _pending.Keys.First();
            return next > _committed ? new TopicPartitionOffset(Partition, next) : null;
        }
    }

    public void Committed(long offset)
    {
        lock (_lock)
        {
            _committed = Math.Max(_committed, offset);
        }
    }

    /// <summary>
    /// A further attempt at a pending record begins (a retry of the pipeline's policy or the loop's own).
    /// </summary>
    public void Retrying(long offset)
    {
        lock (_lock)
        {
            Attempting(offset);
        }
    }

    /// <summary>An attempt at a pending record failed; kept as its last error until the record finishes.</summary>
    public void Failed(long offset, Exception exception)
    {
        var error = new PendingError(exception.GetType().FullName ?? exception.GetType().Name, exception.Message);
        lock (_lock)
        {
            if (_pending.TryGetValue(offset, out var pending))
            {
                _pending[offset] = pending with { LastError = error };
            }
        }
    }

    /// <summary>
    /// The oldest record fetched and not yet finished, and for how long it has been; null when none is.
    /// </summary>
    public (long Offset, TimeSpan Age)? OldestPending()
    {
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return null;
            }

            var oldest = _pending.First();
            return (oldest.Key, Stopwatch.GetElapsedTime(oldest.Value.FetchedAt));
        }
    }

    /// <summary>
    /// What the consumer status shows of this partition: offsets, pending count and the oldest pending record.
    /// </summary>
    public PartitionSnapshot Snapshot()
    {
        lock (_lock)
        {
            var oldest = _pending.Count == 0 ? (PendingRecord?)null : _pending.First().Value;
            return new PartitionSnapshot(_next, _committed, _pending.Count, oldest);
        }
    }

    /// <summary>
    /// Lets the records already fetched from this partition finish (records waiting to be tried again give up at
    /// once), within <paramref name="timeout"/>. Then no further record starts, the running handlers are cancelled and
    /// get <paramref name="cancellationGrace"/> to return. Every record finished here is committed instead of being
    /// handled again by the next owner. True when every fetched record finished.
    /// </summary>
    public bool RevokeAndWait(TimeSpan timeout, TimeSpan cancellationGrace)
    {
        var deadline = DateTime.UtcNow + timeout;
        _revoking.Cancel();
        WaitSettled(deadline);
        lock (_lock)
        {
            IsRevoked = true;
        }

        _cancelled.Cancel();
        WaitSettled(DateTime.UtcNow + cancellationGrace);
        lock (_lock)
        {
            return _pending.Count == 0;
        }
    }

    public void MarkLost()
    {
        lock (_lock)
        {
            IsRevoked = true;
        }

        _revoking.Cancel();
        _cancelled.Cancel();
    }

    private void Attempting(long offset)
    {
        if (_pending.TryGetValue(offset, out var pending))
        {
            _pending[offset] = pending with { Attempts = pending.Attempts + 1 };
        }
    }

    private void WaitSettled(DateTime deadline)
    {
        Task settled;
        lock (_lock)
        {
            if (_unsettled == 0)
            {
                return;
            }

            _settled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            settled = _settled.Task;
        }

        var remaining = deadline - DateTime.UtcNow;
        settled.Wait(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
    }

    private void Settle()
    {
        if (--_unsettled == 0)
        {
            _settled?.TrySetResult();
            _settled = null;
        }
    }
}

/// <summary>
/// A fetched, unfinished record: a struct kept inline in the pending tree, so tracking attempts costs no allocation per
/// record; only a failure allocates its <see cref="PendingError"/>.
/// </summary>
internal readonly record struct PendingRecord(KafkaRecord Record, long FetchedAt, int Attempts,
    PendingError? LastError);

/// <summary>The last failure of a pending record's handling.</summary>
internal sealed record PendingError(string Type, string Message);

/// <summary>One partition's bookkeeping at one moment; offsets are -1 when not yet known.</summary>
internal readonly record struct PartitionSnapshot(long Next, long Committed, int Pending, PendingRecord? Oldest);
