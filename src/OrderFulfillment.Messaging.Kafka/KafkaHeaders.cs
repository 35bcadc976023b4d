namespace OrderFulfillment.Messaging.Kafka;

/// <summary>
/// Record header names. Message ids use MassTransit's own header names, so MassTransit's raw JSON deserializer reads
/// them without translation; trace context uses the W3C names.
/// </summary>
public static class KafkaHeaders
{
    /// <summary>The message id: unique per produced message; the inbox deduplicates by it.</summary>
    public const string MessageId = MassTransit.MessageHeaders.MessageId;

    /// <summary>Correlation id (the order id on this platform).</summary>
    public const string CorrelationId = MassTransit.MessageHeaders.CorrelationId;

    /// <summary>Conversation id, shared by every message caused by one original message.</summary>
    public const string ConversationId = MassTransit.MessageHeaders.ConversationId;

    /// <summary>Id of the message whose handling produced this one.</summary>
    public const string InitiatorId = MassTransit.MessageHeaders.InitiatorId;

    /// <summary>
    /// Message type URNs, <c>;</c>-separated, e.g. <c>urn:message:OrderFulfillment.Contracts:OrderPlaced</c>.
    /// </summary>
    public const string MessageType = MassTransit.MessageHeaders.MessageType;

    /// <summary>Media type of the value, e.g. <c>application/json</c>.</summary>
    public const string ContentType = MassTransit.MessageHeaders.ContentType;

    /// <summary>Address of the endpoint that produced the message.</summary>
    public const string SourceAddress = MassTransit.MessageHeaders.SourceAddress;

    /// <summary>Schema version of the message contract.</summary>
    public const string SchemaVersion = "Schema-Version";

    /// <summary>W3C trace context: <c>traceparent</c>.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>W3C trace context: <c>tracestate</c>.</summary>
    public const string TraceState = "tracestate";

    /// <summary>Dead-letter headers: why a record was dead-lettered and where it came from.</summary>
    public static class DeadLetter
    {
        /// <summary>
        /// <c>invalid</c> (an <see cref="InvalidMessageException"/>), <c>undeserializable</c>, <c>faulted</c> (the
        /// handler kept failing) or <c>skipped</c> (no consumer consumed it).
        /// </summary>
        public const string Reason = "DeadLetter-Reason";

        /// <summary>
        /// The field (or header) named by the <see cref="InvalidMessageException"/> of an <c>invalid</c> record.
        /// </summary>
        public const string Field = "DeadLetter-Field";

        /// <summary>
        /// The SQLSTATE of the first <c>System.Data.Common.DbException</c> in the exception chain, when it has one.
        /// </summary>
        public const string SqlState = "DeadLetter-SqlState";

        /// <summary>
        /// <c>true</c> on a stand-in written because the dead-letter topic refused the whole record for good.
        /// </summary>
        public const string Truncated = "DeadLetter-Truncated";

        /// <summary>Size in bytes of the original value (on a truncated dead letter).</summary>
        public const string OriginalSize = "DeadLetter-OriginalSize";

        /// <summary>SHA-256 of the original value, lowercase hex (on a truncated dead letter).</summary>
        public const string OriginalSha256 = "DeadLetter-OriginalSha256";

        /// <summary>
        /// The Confluent error code that refused the whole record (on a truncated dead letter), e.g.
        /// <c>MsgSizeTooLarge</c>.
        /// </summary>
        public const string ProduceError = "DeadLetter-ProduceError";

        /// <summary>Full name of the exception type, when there was one.</summary>
        public const string ExceptionType = "DeadLetter-ExceptionType";

        /// <summary>Exception message, when there was one.</summary>
        public const string ExceptionMessage = "DeadLetter-ExceptionMessage";

        /// <summary>Topic the record was consumed from.</summary>
        public const string SourceTopic = "DeadLetter-SourceTopic";

        /// <summary>Partition the record was consumed from.</summary>
        public const string SourcePartition = "DeadLetter-SourcePartition";

        /// <summary>Offset of the record in its source partition.</summary>
        public const string SourceOffset = "DeadLetter-SourceOffset";

        /// <summary>Consumer group that gave up on the record.</summary>
        public const string ConsumerGroup = "DeadLetter-ConsumerGroup";

        /// <summary>When it was dead-lettered (ISO 8601, UTC).</summary>
        public const string Timestamp = "DeadLetter-Timestamp";
    }
}
