using MassTransit;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Shipping.Shipments;

namespace OrderFulfillment.Shipping.Messaging;

/// <summary>
/// Cancels the order's shipment (or, when its CreateShipment has not arrived yet, leaves a tombstone so that it
/// creates none) and announces ShipmentCancelled; a repeated command changes nothing and announces the same.
/// </summary>
public sealed class CancelShipmentConsumer(ShipmentBook book, ITopicProducer<ShipmentCancelled> cancelled,
    TimeProvider time)
    : IConsumer<CancelShipment>
{
    public async Task Consume(ConsumeContext<CancelShipment> context)
    {
        var command = context.Message;
        var shipment = await book.Cancel(command.OrderId, context.CancellationToken);
        await cancelled.Produce(new ShipmentCancelled(NewId.NextGuid(), time.GetUtcNow(), command.OrderId,
            command.TenantId, shipment.ShipmentExisted), context.CancellationToken);
    }
}
