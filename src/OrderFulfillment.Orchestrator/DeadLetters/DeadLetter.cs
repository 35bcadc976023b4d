namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>
/// A record header as stored: its value as text when it is UTF-8, else as base64 (<paramref name="Base64"/>).
/// </summary>
public sealed record DeadLetterHeader(string Name, string Value, bool Base64 = false);

/// <summary>
/// What became of a dead letter: still <c>open</c>, <c>replayed</c> to its source topic, or <c>discarded</c>.
/// </summary>
public static class DeadLetterStatus
{
    public const string Open = "open";
    public const string Replayed = "replayed";
    public const string Discarded = "discarded";

    public static readonly IReadOnlyList<string> All = [Open, Replayed, Discarded];
}

/// <summary>
/// One record of a <c>.dlq</c> topic, indexed by the orchestrator: where it lies, the fields the operations API filters
/// and groups by (read from its <c>DeadLetter-*</c> headers, key and body), the record itself as it was (to show and
/// to replay), and what an operator did with it, who and why.
/// </summary>
public sealed class DeadLetter
{
    public long Id { get; set; }

    /// <summary>The dead-letter topic, partition and offset: unique, so a record read twice is stored once.</summary>
    public string Topic { get; set; } = string.Empty;

    public int Partition { get; set; }

    public long Offset { get; set; }

    /// <summary>The topic the record was consumed from and is replayed to.</summary>
    public string SourceTopic { get; set; } = string.Empty;

    public int? SourcePartition { get; set; }

    public long? SourceOffset { get; set; }

    /// <summary>The service that gave up on the record: the first part of its consumer group.</summary>
    public string? Service { get; set; }

    public string? ConsumerGroup { get; set; }

    /// <summary>The contract of the source topic, e.g. <c>InventoryReserved</c>.</summary>
    public string MessageType { get; set; } = string.Empty;

    /// <summary>The order: the record key, when it is an order id.</summary>
    public Guid? OrderId { get; set; }

    /// <summary>The body's <c>tenantId</c>, when the body could be read.</summary>
    public string? TenantId { get; set; }

    public Guid? MessageId { get; set; }

    /// <summary>
    /// <c>invalid</c>, <c>undeserializable</c>, <c>faulted</c> or <c>skipped</c> (<c>DeadLetter-Reason</c>).
    /// </summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>The invalid field of an <c>invalid</c> record.</summary>
    public string? Field { get; set; }

    /// <summary>The exception's full type name (<c>DeadLetter-ExceptionType</c>).</summary>
    public string? ExceptionType { get; set; }

    public string? ExceptionMessage { get; set; }

    /// <summary>When the record was dead-lettered.</summary>
    public DateTimeOffset DeadLetteredAt { get; set; }

    public DateTimeOffset IndexedAt { get; set; }

    /// <summary>The record key and value, byte for byte.</summary>
    public byte[]? Key { get; set; }

    public byte[] Value { get; set; } = [];

    /// <summary>Every header, the dead-letter ones included, in record order.</summary>
    public List<DeadLetterHeader> Headers { get; set; } = [];

    /// <summary>
    /// The value decoded with its writer's schema, as JSON; null when it is not a readable Avro record.
    /// </summary>
    public string? Body { get; set; }

    /// <summary>Why the value could not be decoded, when it could not.</summary>
    public string? BodyError { get; set; }

    /// <summary>
    /// A stand-in holding a prefix of a value the dead-letter topic refused whole: it cannot be replayed.
    /// </summary>
    public bool Truncated { get; set; }

    public string Status { get; set; } = DeadLetterStatus.Open;

    /// <summary>The <c>sub</c> of the operator who replayed or discarded it.</summary>
    public string? ActedBy { get; set; }

    /// <summary>The operator's note: why.</summary>
    public string? Note { get; set; }

    public DateTimeOffset? ActedAt { get; set; }

    /// <summary>Whether the replay carried an edited body.</summary>
    public bool Edited { get; set; }

    /// <summary>Where the replay landed on the source topic.</summary>
    public int? ReplayPartition { get; set; }

    public long? ReplayOffset { get; set; }
}
