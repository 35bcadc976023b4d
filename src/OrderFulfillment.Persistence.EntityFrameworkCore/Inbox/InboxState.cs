namespace OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;

/// <summary>
/// One message consumed by one consumer. Written in the same transaction as the consumer's effects, so a redelivered
/// message (same message id, same consumer) finds its row and is skipped.
/// </summary>
public sealed class InboxState
{
    /// <summary>The consumed message's id.</summary>
    public Guid MessageId { get; set; }

    /// <summary>The consumer (endpoint + consumer or saga type) that consumed it.</summary>
    public Guid ConsumerId { get; set; }

    /// <summary>When it was consumed; rows older than the duplicate-detection window are cleaned up.</summary>
    public DateTime Consumed { get; set; }
}
