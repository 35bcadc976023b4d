using System.Diagnostics.CodeAnalysis;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// Runs work one at a time per key, in the order it was queued, and different keys concurrently up to a limit.
/// Unlike hashing keys onto a fixed number of lanes, a slow key never holds up another key.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification =
    "The semaphore holds no unmanaged resource (its wait handle is never requested) and work may still release it after its owner stopped.")]
internal sealed class KeyedDispatcher(int concurrencyLimit)
{
    private readonly Dictionary<string, Queue<Func<Task>>> _queues = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _concurrency = new(concurrencyLimit, concurrencyLimit);

    public void Enqueue(string key, Func<Task> work)
    {
        lock (_queues)
        {
            if (_queues.TryGetValue(key, out var queue))
            {
                queue.Enqueue(work);
                return;
            }

            _queues[key] = new Queue<Func<Task>>();
        }

        _ = Task.Run(() => RunKey(key, work));
    }

    private async Task RunKey(string key, Func<Task> first)
    {
        var work = first;
        while (true)
        {
            await _concurrency.WaitAsync();
            try
            {
                // Work handles its own failures; an escape here would strand the key's queue.
                await work();
            }
            finally
            {
                _concurrency.Release();
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
