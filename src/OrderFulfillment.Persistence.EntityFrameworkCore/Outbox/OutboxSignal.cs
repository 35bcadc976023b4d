namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// Wakes the delivery service right after a commit that stored outbox rows, so delivery waits for no poll.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private int _waiting;

    /// <summary>Says new rows were committed.</summary>
    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit already woke it; one wake-up delivers everything pending.
            }
        }
    }

    /// <summary>
    /// Takes a pending notification, if any. The relay calls it right before it reads: the read sees every commit
    /// notified so far, so only a notification that arrives after this call asks for another read.
    /// </summary>
    internal bool TryConsume() => _signal.Wait(0);

    /// <summary>
    /// Whether someone waits and no notification is pending: the relay sleeps until the next one (for tests).
    /// </summary>
    internal bool Asleep => Volatile.Read(ref _waiting) > 0 && _signal.CurrentCount == 0;

    /// <summary>Waits for a notification or the timeout.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _signal.WaitAsync(timeout, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();
}
