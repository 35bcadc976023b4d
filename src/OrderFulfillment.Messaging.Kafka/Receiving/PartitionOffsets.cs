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
    "The token sources are never linked to others and hold no wait handle; handlers may still read their tokens after the partition is gone.")]
internal sealed class PartitionOffsets(TopicPartition partition)
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, long> _pending = []; // offset -> Stopwatch timestamp when fetched
    private readonly CancellationTokenSource _revoking = new();
    private readonly CancellationTokenSource _cancelled = new();
    private long _next = -1;
    private long _committed = -1;
    private int _unsettled; // fetched records whose handling has not returned (queued or running)
    private TaskCompletionSource? _settled;

    public TopicPartition Partition { get; } = partition;

    /// <summary>Set once no further record of this partition may start: it was revoked (after the drain) or lost.</summary>
    public bool IsRevoked { get; private set; }

    /// <summary>Cancelled as soon as the partition is being revoked or lost: a record waiting to be tried again gives up.</summary>
    public CancellationToken Revoking => _revoking.Token;

    /// <summary>The handlers' token: cancelled when the partition is lost, or revoked and not drained in time.</summary>
    public CancellationToken Cancelled => _cancelled.Token;

    public void Add(long offset)
    {
        lock (_lock)
        {
            _pending[offset] = Stopwatch.GetTimestamp();
            _next = offset + 1;
            _unsettled++;
        }
    }

    /// <summary>Claims the right to handle a record; false once the partition was revoked, so it is left to the next owner.</summary>
    public bool TryStart()
    {
        lock (_lock)
        {
            if (!IsRevoked)
            {
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

    /// <summary>The oldest record fetched and not yet finished, and for how long it has been; null when none is.</summary>
    public (long Offset, TimeSpan Age)? OldestPending()
    {
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return null;
            }

            var oldest = _pending.First();
            return (oldest.Key, Stopwatch.GetElapsedTime(oldest.Value));
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
