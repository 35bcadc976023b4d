using MassTransit;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Inventory.Stock;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.Inventory.Messaging;

/// <summary>Reserves an order's lines, all or nothing, and answers the orchestrator.</summary>
public sealed class ReserveInventoryConsumer(
    StockLedger ledger,
    ITopicProducer<InventoryReserved> reserved,
    ITopicProducer<InventoryReservationFailed> failed,
    TimeProvider time) : IConsumer<ReserveInventory>
{
    public async Task Consume(ConsumeContext<ReserveInventory> context)
    {
        var command = context.Message;
        var outcome = await ledger.Reserve(command.OrderId, command.Lines, context.CancellationToken);
        if (outcome.Reserved)
        {
            await reserved.Produce(new InventoryReserved(NewId.NextGuid(), time.GetUtcNow(), command.OrderId,
                command.TenantId), context.CancellationToken);
        }
        else
        {
            await failed.Produce(
                new InventoryReservationFailed(NewId.NextGuid(), time.GetUtcNow(), command.OrderId, command.TenantId,
                outcome.Reason ?? "rejected"), context.CancellationToken);
        }
    }
}
