namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>Many orders at once for too little stock: no overselling, nothing lost, every order ends once.</summary>
public sealed class ScarceStockTests
{
    [Test]
    public async Task Two_hundred_concurrent_orders_for_fifty_units_sell_exactly_fifty_and_conserve_stock()
    {
        const int Units = 50;
        const int OrderCount = 200;
        var product = await StockLevel.NewProduct(Units);

        var orderIds = await Task.WhenAll(Enumerable.Range(0, OrderCount)
            .Select(i => Orders.Place(Orders.Body(product, quantity: 1, customerId: $"customer-{i}"))));
        var orders = await Task.WhenAll(orderIds.Select(Orders.WaitForFinalState));

        orders.Count(o => o.State == "Completed").Should().Be(Units);
        orders.Where(o => o.State == "Cancelled").Should().HaveCount(OrderCount - Units)
            .And.OnlyContain(o => o.CancellationReason == "out_of_stock");
        await StockLevel.Becomes(new StockLevel(product, Available: 0, Reserved: 0, Shipped: Units));
        var finalEvents = await AuditTrail.FinalEventsPerOrder(orderIds, TimeSpan.FromSeconds(120));
        finalEvents.Should().HaveCount(OrderCount, "every order published its OrderCompleted or OrderCancelled")
            .And.OnlyContain(e => e.Value == 1, "and only one of them, once");
    }
}
