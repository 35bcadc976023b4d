namespace OrderFulfillment.Orchestrator.Reconciliation;

/// <summary>The reconciliation job (<c>Reconciliation:*</c>).</summary>
public sealed class ReconciliationOptions
{
    /// <summary>How often the job runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long an order must have been finished (Completed or Cancelled, by its last update) before it is checked, so
    /// compensations still in flight (a release, a refund, a shipment cancellation) are not reported.
    /// </summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most newly finished orders one run checks; as many open mismatches are re-checked besides.</summary>
    public int BatchSize { get; set; } = 200;
}
