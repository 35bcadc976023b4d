namespace OrderFulfillment.Benchmarks;

/// <summary>One order to submit, and how it must end.</summary>
internal sealed record PlannedOrder(int Index, string ProductId, int Quantity, decimal UnitPriceUsd)
{
    /// <summary>Payments declines totals above 5,000 USD (its default gateway limit).</summary>
    public const decimal DeclinedUnitPriceUsd = 6_000m;

    public bool DeclinedByPayment => UnitPriceUsd == DeclinedUnitPriceUsd;
}

/// <summary>
/// The orders of a scenario, the stock to seed, and the units that must sell: every order's own demand when there is
/// enough stock, exactly the seeded stock when there is not (<see cref="OrderMix.FlashSale"/>).
/// </summary>
internal sealed record OrderPlan(OrderMix Mix, IReadOnlyList<PlannedOrder> Orders,
    IReadOnlyDictionary<string, int> InitialStock, int UnitsToSell)
{
    public static OrderPlan Create(Scenario scenario, int run)
    {
        var mix = scenario.Mix;
        var products = Enumerable.Range(1, mix.Products).Select(k => $"bench-{scenario.Name}-{run}-{k}").ToList();
        var orders = Enumerable.Range(0, scenario.Orders).Select(i =>
        {
            // Shifted by i / 10, so the declined orders (i = 9, 19, ...) spread over all products too.
            var product = products[(i + (i / 10)) % mix.Products];
            return mix.Declines && i % 10 == 9
                ? new PlannedOrder(i, product, 1, PlannedOrder.DeclinedUnitPriceUsd)
                : new PlannedOrder(i, product, 1 + (i % mix.MaxUnits), 12.50m);
        }).ToList();
        var stock =
            products.ToDictionary(p => p, p => mix.StockFor(orders.Where(o => o.ProductId == p).Sum(o => o.Quantity)));

        // A declined order only holds its units for a while, so what sells is the rest of the demand, capped by the
        // stock. The cap is exact only because a scarce mix has no declines (see OrderMix.FlashSale).
        var unitsToSell = products.Sum(p => Math.Min(stock[p],
            orders.Where(o => o.ProductId == p && !o.DeclinedByPayment).Sum(o => o.Quantity)));
        return new OrderPlan(mix, orders, stock, unitsToSell);
    }

    /// <summary>
    /// Declined orders end payment_failed; the others complete, or, where stock was seeded short on purpose, may end
    /// out_of_stock (which ones depends on arrival order, so only the total is checked, by <see cref="UnitsToSell"/>).
    /// </summary>
    public bool EndedAsPlanned(PlannedOrder order, FinalEvent final) =>
        order.DeclinedByPayment
            ? final.Reason == FinalEvent.PaymentFailed
            : final.Completed || (Mix.Scarce && final.Reason == FinalEvent.OutOfStock);
}
