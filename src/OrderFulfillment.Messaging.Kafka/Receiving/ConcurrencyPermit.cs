namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// One record's share of its endpoint's <c>ConcurrentMessageLimit</c>. It is given back while the record waits out a
/// retry delay and taken again before the next attempt; giving back or taking twice has no effect, so a wait that
/// ends by cancellation cannot unbalance the count. Found on the receive context as a payload.
/// </summary>
internal sealed class ConcurrencyPermit(SemaphoreSlim concurrency)
{
    private readonly Lock _lock = new();
    private bool _held;
    private Task? _acquiring;

    public Task Acquire()
    {
        lock (_lock)
        {
            if (_held)
            {
                return _acquiring ?? Task.CompletedTask;
            }

            _held = true;
            _acquiring = concurrency.WaitAsync();
            return _acquiring;
        }
    }

    public void Release()
    {
        Task? acquiring;
        lock (_lock)
        {
            if (!_held)
            {
                return;
            }

            _held = false;
            acquiring = _acquiring;
            _acquiring = null;
        }

        // An acquisition still waiting is handed back once it completes, so the count stays balanced.
        if (acquiring is null || acquiring.IsCompletedSuccessfully)
        {
            concurrency.Release();
        }
        else
        {
            _ = acquiring.ContinueWith(_ => concurrency.Release(), TaskScheduler.Default);
        }
    }

    /// <summary>Gives the permit back while <paramref name="wait"/> runs, then waits to take it again.</summary>
    public async Task WithoutPermit(Func<Task> wait)
    {
        Release();
        try
        {
            await wait();
        }
        finally
        {
            await Acquire();
        }
    }
}
