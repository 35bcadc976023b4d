namespace OrderFulfillment.Benchmarks;

/// <summary>
/// A load shape: how many orders, and either as fast as possible (no rate) or paced at a fixed rate. The benchmark
/// waits for the orders to end for as long as they keep ending, up to <paramref name="FinishCap"/>.
/// </summary>
internal sealed record Scenario(string Name, string Title, int Orders, int? OrdersPerSecond, TimeSpan FinishCap)
{
    /// <summary>No order ended for this long: the rest are taken as lost, not as slow.</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromMinutes(3);

    // The paced scenarios run first in each run, so the burst's backlog and its 10,000 saga rows do not weigh on them.
    public static readonly IReadOnlyList<Scenario> All =
    [
        new("rate50", "1,500 orders at 50/s", 1_500, 50, TimeSpan.FromMinutes(20)),
        new("rate100", "1,500 orders at 100/s", 1_500, 100, TimeSpan.FromMinutes(20)),
        new("burst", "10,000 orders, as fast as possible", 10_000, null, TimeSpan.FromMinutes(60)),
    ];

    /// <summary>
    /// Run first on each fresh platform and not reported: without it the first scenario would also measure JIT
    /// compilation, connection pools filling and Kafka consumers joining, in four processes on two cores.
    /// </summary>
    public static readonly Scenario Warmup = new("warmup", "200 orders at 20/s, not reported", 200, 20, TimeSpan.FromMinutes(10));
}
