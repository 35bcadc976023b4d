namespace OrderFulfillment.Benchmarks;

/// <summary>One order to submit, and how it must end.</summary>
internal sealed record PlannedOrder(int Index, string ProductId, int Quantity, decimal UnitPriceUsd)
{
    /// <summary>Payments declines totals above 5,000 USD (its default gateway limit).</summary>
    public const decimal DeclinedUnitPriceUsd = 6_000m;

    public bool DeclinedByPayment => UnitPriceUsd == DeclinedUnitPriceUsd;
}

/// <summary>The orders of a scenario: every 10th one declined by payment, the rest small, over a handful of products.</summary>
internal sealed record OrderPlan(IReadOnlyList<PlannedOrder> Orders, IReadOnlyDictionary<string, int> InitialStock)
{
    private const int Products = 5;

    // Stock beyond the total demand, so no order is cancelled for lack of stock.
    private const int SpareUnits = 100;

    public static OrderPlan Create(Scenario scenario, int run)
    {
        var products = Enumerable.Range(1, Products).Select(k => $"bench-{scenario.Name}-{run}-{k}").ToList();
        var orders = Enumerable.Range(0, scenario.Orders).Select(i =>
        {
            // Shifted by i / 10, so the declined orders (i = 9, 19, ...) spread over all products too.
            var product = products[(i + (i / 10)) % Products];
            return i % 10 == 9
                ? new PlannedOrder(i, product, 1, PlannedOrder.DeclinedUnitPriceUsd)
                : new PlannedOrder(i, product, 1 + (i % 3), 12.50m);
        }).ToList();
        var stock = products.ToDictionary(p => p, p => orders.Where(o => o.ProductId == p).Sum(o => o.Quantity) + SpareUnits);
        return new OrderPlan(orders, stock);
    }
}
