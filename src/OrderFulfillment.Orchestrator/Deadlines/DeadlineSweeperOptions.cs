namespace OrderFulfillment.Orchestrator.Deadlines;

/// <summary>How often the saga table is swept for passed deadlines, and how many are handed over per transaction.</summary>
public sealed class DeadlineSweeperOptions
{
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 200;
}
