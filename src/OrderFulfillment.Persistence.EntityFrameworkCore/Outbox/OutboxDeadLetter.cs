namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// An outbox row that Kafka refused for a reason that retrying cannot heal (too large, unknown or forbidden topic,
/// unreadable headers). The delivery service moves it here, with the error, in the transaction that would have deleted
/// it, so it holds back nothing. List them with <see cref="OutboxDeadLetterQueries.ListOutboxDeadLettersAsync"/>.
/// </summary>
public sealed class OutboxDeadLetter
{
    /// <summary>
    /// The row's <see cref="OutboxMessage.SequenceNumber"/>; unique, as the row moved here exactly once.
    /// </summary>
    public long SequenceNumber { get; set; }

    /// <summary>The message id carried in the record's headers.</summary>
    public Guid MessageId { get; set; }

    /// <summary>Conversation the message belongs to.</summary>
    public Guid? ConversationId { get; set; }

    /// <summary>The destination topic.</summary>
    public string Topic { get; set; } = string.Empty;

    /// <summary>The record key.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The serialized value, as it was stored.</summary>
    public byte[] Value { get; set; } = [];

    /// <summary>The record headers as a JSON object of strings, as they were stored.</summary>
    public string Headers { get; set; } = "{}";

    /// <summary>When the outbox row was stored.</summary>
    public DateTime Created { get; set; }

    /// <summary>When delivery gave up on it.</summary>
    public DateTime Failed { get; set; }

    /// <summary>Why: the Kafka error code (e.g. <c>Local_MsgSizeTooLarge</c>) and message, or the exception.</summary>
    public string Error { get; set; } = string.Empty;

    internal static OutboxDeadLetter From(OutboxMessage message, string error, DateTime failed) => new()
    {
        SequenceNumber = message.SequenceNumber,
        MessageId = message.MessageId,
        ConversationId = message.ConversationId,
        Topic = message.Topic,
        Key = message.Key,
        Value = message.Value,
        Headers = message.Headers,
        Created = message.Created,
        Failed = failed,
        Error = error,
    };
}
