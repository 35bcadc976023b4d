namespace OrderFulfillment.Orchestrator.Deadlines;

/// <summary>The deadline sweep (<c>Deadlines:*</c>): how often, how much per transaction, and how it waits.</summary>
public sealed class DeadlineSweeperOptions
{
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// A deadline handed over is moved this far forward rather than cleared: if its OrderDeadlinePassed is lost or
    /// dead-lettered, the saga is still waiting when this passes, and the deadline is handed over again. Repeats are
    /// harmless (the saga acts on a deadline version once). Long enough for the event to reach the saga normally.
    /// </summary>
    public TimeSpan RearmInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long due deadlines may wait for the reply consumers to catch up before a warning is logged (and again every
    /// as long).
    /// </summary>
    public TimeSpan ReplyLagWarningAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one Kafka request of the reply check (watermarks, committed offsets) may take.</summary>
    public TimeSpan KafkaRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
