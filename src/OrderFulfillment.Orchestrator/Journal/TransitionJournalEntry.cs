namespace OrderFulfillment.Orchestrator.Journal;

/// <summary>A message the saga sent or published while handling an event.</summary>
public sealed record SentMessage(string Type, string Topic, Guid MessageId);

/// <summary>
/// One step of an order's saga: which message moved it from which state to which, where that message was read from,
/// what the step sent, and under which trace. Written in the transaction that changed the saga, so the journal and
/// the saga never disagree.
/// </summary>
public sealed class TransitionJournalEntry
{
    public long Id { get; set; }

    public Guid OrderId { get; set; }

    /// <summary>The message type that caused the step, e.g. <c>InventoryReserved</c>.</summary>
    public string EventType { get; set; } = string.Empty;

    public Guid? MessageId { get; set; }

    public string FromState { get; set; } = string.Empty;

    public string ToState { get; set; } = string.Empty;

    /// <summary>
    /// <c>transition</c>, <c>handled</c> (no state change) or <c>ignored</c> (not expected in that state).
    /// </summary>
    public string Outcome { get; set; } = string.Empty;

    public string? Topic { get; set; }

    public int? Partition { get; set; }

    public long? Offset { get; set; }

    public List<SentMessage> Sent { get; set; } = [];

    public string? TraceId { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>
    /// Who asked for the step (the operator token's <c>sub</c>), when an operator action caused it; else null.
    /// </summary>
    public string? Actor { get; set; }

    /// <summary>Why the operator asked for it (the action's required note); null for every other step.</summary>
    public string? Note { get; set; }
}
