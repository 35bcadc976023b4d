using System.Diagnostics.CodeAnalysis;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// Runs work one at a time per key, in the order it was queued, and different keys concurrently up to a limit.
/// Unlike hashing keys onto a fixed number of lanes, a slow key never holds up another key. Work that waits (a retry
/// backoff) gives its <see cref="ConcurrencyPermit"/> back meanwhile, so waiting keys cannot starve the others.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification =
    "The semaphore holds no unmanaged resource (its wait handle is never requested) and work may still release it " +
    "after its owner stopped.")]
internal sealed class KeyedDispatcher(int concurrencyLimit)
{
    private readonly Dictionary<string, Queue<Func<ConcurrencyPermit, Task>>> _queues = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _concurrency = new(concurrencyLimit, concurrencyLimit);

    public void Enqueue(string key, Func<ConcurrencyPermit, Task> work)
    {
        lock (_queues)
        {
            if (_queues.TryGetValue(key, out var queue))
            {
                queue.Enqueue(work);
                return;
            }

            _queues[key] = new Queue<Func<ConcurrencyPermit, Task>>();
        }

        _ = Task.Run(() => RunKey(key, work));
    }

    private async Task RunKey(string key, Func<ConcurrencyPermit, Task> first)
    {
        var work = first;
        while (true)
        {
            var permit = new ConcurrencyPermit(_concurrency);
            await permit.Acquire();
            try
            {
                // Work handles its own failures; an escape here would strand the key's queue.
                await work(permit);
            }
            finally
            {
                permit.Release();
            }

            lock (_queues)
            {
                var queue = _queues[key];
                if (queue.Count == 0)
                {
                    _queues.Remove(key);
                    return;
                }

                work = queue.Dequeue();
            }
        }
    }
}
