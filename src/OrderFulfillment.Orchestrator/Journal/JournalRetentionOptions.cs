namespace OrderFulfillment.Orchestrator.Journal;

/// <summary>How long the transition journal is kept (<c>Journal:*</c>).</summary>
public sealed class JournalRetentionOptions
{
    /// <summary>
    /// A finished order's journal entries older than this are deleted. The default is the audit topics' retention on
    /// real Kafka, so the journal explains an order for as long as its OrderCompleted or OrderCancelled can be read.
    /// An order that is still waiting keeps its whole journal, however old: it is what explains why it waits.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How often the pruner looks for entries past <see cref="Retention"/>.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Entries deleted per transaction, so pruning never holds many row locks or one long transaction.
    /// </summary>
    public int BatchSize { get; set; } = 1000;
}
