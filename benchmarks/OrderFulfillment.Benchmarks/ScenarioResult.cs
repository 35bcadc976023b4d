namespace OrderFulfillment.Benchmarks;

/// <summary>
/// How the submitted orders ended, from the audit topics, and how many units the completed ones took.
/// </summary>
internal sealed record Outcomes(int SubmitErrors, int Missing, int Duplicates, int Completed,
    IReadOnlyDictionary<string, int> CancelledByReason, int NotAsPlanned, int CompletedUnits, int UnitsToSell)
{
    /// <summary>Every order was accepted and ended exactly once: one final event each, none missing.</summary>
    public bool ExactlyOnce => SubmitErrors == 0 && Missing == 0 && Duplicates == 0;

    /// <summary>
    /// Each order ended as planned (the 10 % above the limit cancelled with payment_failed, the others completed or, in
    /// the flash sale, out_of_stock), and the completed orders took exactly the units the plan says must sell.
    /// </summary>
    public bool AsPlanned => ExactlyOnce && NotAsPlanned == 0 && CompletedUnits == UnitsToSell;
}

/// <summary>One scenario of one run, as printed, written to JSON and summarised.</summary>
internal sealed record ScenarioResult(
    string Scenario,
    int Run,
    int Orders,
    double SubmitSeconds,
    double MaxScheduleLagMs,
    double OrdersPerSecond,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    Outcomes Outcomes,
    IReadOnlyList<StockCheck> Stock,
    ResourceUsage Usage)
{
    public double CommitsPerOrder => (double)Usage.Commits.Values.Sum() / Orders;

    public double WalSyncsPerOrder => (double)Usage.WalSyncs / Orders;

    public double CpuMsPerOrder => Usage.CpuSeconds.Values.Sum() * 1000 / Orders;

    public bool StockConserved => Stock.All(s => s.Conserved);

    public bool Passed => Outcomes.AsPlanned && StockConserved;

    public override string ToString() =>
        $"run {Run} {Scenario} ({Orders} orders): {OrdersPerSecond:0.0} orders/s, latency p50 {P50Ms:0} ms, p95 " +
        $"{P95Ms:0} ms, " +
        $"p99 {P99Ms:0} ms, max {MaxMs:0} ms; {CommitsPerOrder:0.0} commits/order " +
        $"({PerOrder(Usage.Commits.ToDictionary(c => c.Key, c => (double)c.Value), 1)}), " +
        $"{WalSyncsPerOrder:0.0} WAL flushes/order; CPU {CpuMsPerOrder:0} ms/order " +
        $"({PerOrder(Usage.CpuSeconds, 1000)}), " +
        $"{Usage.CpuBusy:P0} of the machine; peak RSS MiB {PerProcess(Usage.PeakRssMiB)}; exactly once: " +
        $"{Verdict(Outcomes.ExactlyOnce)} ({Outcomes.Missing} missing, " +
        $"{Outcomes.Duplicates} duplicates, {Outcomes.SubmitErrors} submit errors); as planned: " +
        $"{Verdict(Outcomes.AsPlanned)} ({Outcomes.Completed} completed{CancelledByReason()}, " +
        $"{Outcomes.CompletedUnits} of {Outcomes.UnitsToSell} planned units sold); " +
        $"stock conserved: {Verdict(StockConserved)}; submitted in {SubmitSeconds:0.0} s (at most " +
        $"{MaxScheduleLagMs:0} ms behind schedule); " +
        $"load average {Usage.LoadAverageBefore:0.0} before, {Usage.LoadAverageAfter:0.0} after";

    private string CancelledByReason() =>
        string.Concat(Outcomes.CancelledByReason.OrderBy(r => r.Key).Select(r => $", {r.Value} {r.Key}"));

    private string PerOrder(IReadOnlyDictionary<string, double> values, double scale) =>
        string.Join(", ",
            values.OrderByDescending(v => v.Value).Select(v => $"{v.Key} {v.Value * scale / Orders:0.0}"));

    private static string PerProcess(IReadOnlyDictionary<string, double> values) =>
        string.Join(", ", values.OrderByDescending(v => v.Value).Select(v => $"{v.Key} {v.Value:0}"));

    private static string Verdict(bool passed) => passed ? "yes" : "NO";
}
