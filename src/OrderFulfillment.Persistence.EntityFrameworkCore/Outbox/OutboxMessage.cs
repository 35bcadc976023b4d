namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// A Kafka record waiting for delivery: stored whole (topic, key, value, headers) in the transaction that decided to
/// produce it, and delivered in <see cref="SequenceNumber"/> order after that transaction committed.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Delivery order; assigned by the database at insert.</summary>
    public long SequenceNumber { get; set; }

    /// <summary>The message id carried in the record's headers; downstream inboxes deduplicate by it.</summary>
    public Guid MessageId { get; set; }

    /// <summary>Conversation the message belongs to.</summary>
    public Guid? ConversationId { get; set; }

    /// <summary>The destination topic.</summary>
    public string Topic { get; set; } = string.Empty;

    /// <summary>The record key (the aggregate id).</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The serialized value.</summary>
    public byte[] Value { get; set; } = [];

    /// <summary>The record headers as a JSON object of strings.</summary>
    public string Headers { get; set; } = "{}";

    /// <summary>When it was stored.</summary>
    public DateTime Created { get; set; }
}
