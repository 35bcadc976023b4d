namespace OrderFulfillment.Benchmarks;

/// <summary>
/// What a scenario's orders look like: how many products they spread over, how many units an order takes, whether
/// every 10th order is declined by payment, and how much stock each product is seeded with.
/// </summary>
/// <param name="Phrase">How a scenario's title describes the mix, after the order count.</param>
/// <param name="Products">Products the orders spread over evenly, one line per order.</param>
/// <param name="MaxUnits">An order takes 1 to this many units (cycling), a declined one always 1.</param>
/// <param name="Declines">Every 10th order is priced above the payment limit.</param>
/// <param name="StockPercentOfDemand">
/// Null: each product gets its whole demand plus a margin, so no order runs out of stock. Otherwise this share of the
/// demand, so the rest must end <c>out_of_stock</c>.
/// </param>
internal sealed record OrderMix(string Phrase, int Products, int MaxUnits, bool Declines, int? StockPercentOfDemand)
{
    /// <summary>
    /// Five products, 1–3 units, 10 % declined, enough stock: the platform's own scenarios (rate50, rate100, burst).
    /// </summary>
    public static readonly OrderMix Standard =
        new(Phrase: string.Empty, Products: 5, MaxUnits: 3, Declines: true, StockPercentOfDemand: null);

    /// <summary>
    /// The Wolverine peer's mix: 100 products with one line of 1–3 units each and 10 % declined. The peer picks
    /// products at random and seeds a million units each; here they cycle and get their demand plus the margin.
    /// </summary>
    public static readonly OrderMix Peer =
        new(Phrase: " over 100 products", Products: 100, MaxUnits: 3, Declines: true, StockPercentOfDemand: null);

    /// <summary>
    /// One product, one unit per order, stock for 90 % of them. No order is declined: a declined order would give its
    /// reserved unit back at a moment that depends on arrival order, and then neither how many units sell nor which
    /// orders run out could be predicted. Without declines exactly the seeded units sell, whatever the order of
    /// arrival.
    /// </summary>
    public static readonly OrderMix FlashSale = new(Phrase: " for 1 product with stock for 90 %", Products: 1,
        MaxUnits: 1, Declines: false, StockPercentOfDemand: 90);

    /// <summary>Stock beyond the total demand, so no order is cancelled for lack of stock.</summary>
    public const int SpareUnits = 100;

    /// <summary>The units to seed for a product that <paramref name="demand"/> units are ordered of.</summary>
    public int StockFor(int demand) => StockPercentOfDemand is { } percent ? demand * percent / 100
        : demand + SpareUnits;

    /// <summary>Whether an order may end out_of_stock and still be as planned.</summary>
    public bool Scarce => StockPercentOfDemand is < 100;
}
