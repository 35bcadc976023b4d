namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>Sees each delivery batch while its transaction (and so the leadership lock) is held; for tests.</summary>
internal interface IOutboxDeliveryObserver
{
    /// <summary>Another process held the lock; this one skipped its turn.</summary>
    void NotLeader();

    /// <summary>The batch was read under the lock and is about to be produced.</summary>
    void BatchStarted(IReadOnlyList<OutboxMessage> batch);

    /// <summary>The batch's outcome is decided and about to be committed; the lock is still held.</summary>
    void BatchEnded();

    /// <summary>The relay read everything there was and now waits for a signal or its poll interval.</summary>
    void Idle()
    {
    }

    /// <summary>The listener's connection (re)connected and listens.</summary>
    void Listening()
    {
    }
}
