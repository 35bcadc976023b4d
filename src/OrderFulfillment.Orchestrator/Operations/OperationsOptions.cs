namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>The operations API's settings (<c>Operations:*</c>).</summary>
public sealed class OperationsOptions
{
    /// <summary>
    /// How long an order may stay in a state before it is listed as breaching, by state name
    /// (<c>Operations:DwellLimits:Placed = 00:02:00</c>). A state without a limit has no breaching orders.
    /// </summary>
    public Dictionary<string, TimeSpan> DwellLimits { get; set; } = [];

    /// <summary>
    /// The recent window over which the p50/p95 time in each state is computed: stays that ended in it.
    /// </summary>
    public TimeSpan DwellWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often the saga's statistics (dwell percentiles, finished totals, breaching counts) are recomputed.
    /// </summary>
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often the finished orders are counted in full; in between, the totals grow by the journal's new transitions
    /// into a final state. A full count reads every finished order's index entry, so it is rare.
    /// </summary>
    public TimeSpan TotalsRecountInterval { get; set; } = TimeSpan.FromHours(1);
}
