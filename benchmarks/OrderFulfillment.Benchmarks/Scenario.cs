using System.Globalization;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// A load shape: how many orders of which mix, and either as fast as possible (no rate) or paced at a fixed rate. The
/// benchmark waits for the orders to end for as long as they keep ending, up to <paramref name="FinishCap"/>.
/// </summary>
internal sealed record Scenario(string Name, int Orders, int? OrdersPerSecond, OrderMix Mix, TimeSpan FinishCap)
{
    /// <summary>No order ended for this long: the rest are taken as lost, not as slow.</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromMinutes(3);

    // The paced scenarios run first in each run, so the backlog of the bursts and their saga rows do not weigh on them.
    // The peer mix comes next, because it is the one compared with the peer, then the hot product, and last the
    // standard burst.
    public static readonly IReadOnlyList<Scenario> All =
    [
        new("rate50", 1_500, 50, OrderMix.Standard, TimeSpan.FromMinutes(20)),
        new("rate100", 1_500, 100, OrderMix.Standard, TimeSpan.FromMinutes(20)),
        new("peer-mix", 10_000, null, OrderMix.Peer, TimeSpan.FromMinutes(60)),
        new("flash-sale", 10_000, null, OrderMix.FlashSale, TimeSpan.FromMinutes(60)),
        new("burst", 10_000, null, OrderMix.Standard, TimeSpan.FromMinutes(60)),
    ];

    /// <summary>
    /// Run first on each fresh platform and not reported: without it the first scenario would also measure JIT
    /// compilation, connection pools filling and Kafka consumers joining, in four processes on two cores.
    /// </summary>
    public static readonly Scenario Warmup = new("warmup", 200, 20, OrderMix.Standard, TimeSpan.FromMinutes(10));

    /// <summary>
    /// For instance "1,500 orders at 50/s" or "10,000 orders over 100 products, as fast as possible".
    /// </summary>
    public string Title =>
        Orders.ToString("N0", CultureInfo.InvariantCulture) + " orders" + Mix.Phrase
        + (OrdersPerSecond is { } rate ? $" at {rate}/s" : ", as fast as possible");

    /// <summary>
    /// The same shape with at most <paramref name="maxOrders"/> orders: a smoke test, not comparable with full runs.
    /// </summary>
    public Scenario LimitedTo(int? maxOrders) => maxOrders is { } max && max < Orders ? this with { Orders = max }
        : this;
}
