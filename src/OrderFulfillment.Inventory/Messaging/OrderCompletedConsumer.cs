using MassTransit;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Inventory.Stock;

namespace OrderFulfillment.Inventory.Messaging;

/// <summary>A completed order's reserved units have shipped: they leave the reserved count for good.</summary>
public sealed class OrderCompletedConsumer(StockLedger ledger) : IConsumer<OrderCompleted>
{
    public Task Consume(ConsumeContext<OrderCompleted> context) =>
        ledger.Ship(context.Message.OrderId, context.CancellationToken);
}
