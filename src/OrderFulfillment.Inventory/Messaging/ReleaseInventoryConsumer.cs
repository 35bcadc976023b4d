using MassTransit;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Inventory.Stock;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.Inventory.Messaging;

/// <summary>Compensation: gives an order's stock back, once, and announces it.</summary>
public sealed class ReleaseInventoryConsumer(StockLedger ledger, ITopicProducer<InventoryReleased> released,
    TimeProvider time)
    : IConsumer<ReleaseInventory>
{
    public async Task Consume(ConsumeContext<ReleaseInventory> context)
    {
        var command = context.Message;
        if (await ledger.Release(command.OrderId, context.CancellationToken))
        {
            await released.Produce(new InventoryReleased(NewId.NextGuid(), time.GetUtcNow(), command.OrderId,
                command.TenantId), context.CancellationToken);
        }
    }
}
