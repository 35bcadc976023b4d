using Confluent.Kafka;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// Offset bookkeeping for one assigned partition. Records complete out of order (different keys run concurrently);
/// the committable offset is the lowest one still pending, so a commit never passes a record whose handling has not
/// finished.
/// </summary>
internal sealed class PartitionOffsets(TopicPartition partition)
{
    private readonly Lock _lock = new();
    private readonly SortedSet<long> _pending = [];
    private long _next = -1;
    private long _committed = -1;
    private int _running;
    private TaskCompletionSource? _idle;
    private TaskCompletionSource? _drained;

    public TopicPartition Partition { get; } = partition;

    public bool IsRevoked { get; private set; }

    public void Add(long offset)
    {
        lock (_lock)
        {
            _pending.Add(offset);
            _next = offset + 1;
        }
    }

    /// <summary>Claims the right to handle a record; false once the partition was revoked, so it is left to the next owner.</summary>
    public bool TryStart()
    {
        lock (_lock)
        {
            if (IsRevoked)
            {
                return false;
            }

            _running++;
            return true;
        }
    }

    public void Finish(long offset, bool handled)
    {
        lock (_lock)
        {
            if (handled)
            {
                _pending.Remove(offset);
                if (_pending.Count == 0)
                {
                    _drained?.TrySetResult();
                }
            }

            if (--_running == 0)
            {
                _idle?.TrySetResult();
            }
        }
    }

    /// <summary>The offset to commit (next record to read), if it moved since the last commit.</summary>
    public TopicPartitionOffset? Committable()
    {
        lock (_lock)
        {
            var next = _pending.Count == 0 ? _next : _pending.Min;
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
    /// Lets the records already fetched from this partition finish, then stops any that have not started and waits for
    /// the running ones, all within <paramref name="timeout"/>. Every record finished here is committed instead of being
    /// handled again by the next owner; past the timeout the rest is left to it.
    /// </summary>
    public bool RevokeAndWait(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Task drained;
        lock (_lock)
        {
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_pending.Count == 0)
            {
                _drained.TrySetResult();
            }

            drained = _drained.Task;
        }

        drained.Wait(Remaining(deadline));
        Task idle;
        lock (_lock)
        {
            IsRevoked = true;
            if (_running == 0)
            {
                return _pending.Count == 0;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idle = _idle.Task;
        }

        return idle.Wait(Remaining(deadline)) && _pending.Count == 0;
    }

    private static TimeSpan Remaining(DateTime deadline) =>
        deadline > DateTime.UtcNow ? deadline - DateTime.UtcNow : TimeSpan.Zero;

    public void MarkLost()
    {
        lock (_lock)
        {
            IsRevoked = true;
        }
    }
}
