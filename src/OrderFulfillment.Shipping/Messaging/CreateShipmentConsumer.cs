using MassTransit;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Shipping.Shipments;

namespace OrderFulfillment.Shipping.Messaging;

/// <summary>
/// Creates the order's shipment and announces its tracking number; a repeated command announces the same one. An
/// order whose shipment was cancelled first (the cancel overtook this command) gets no shipment, and the answer says
/// so with ShipmentCancelled.
/// </summary>
public sealed class CreateShipmentConsumer(ShipmentBook book, ITopicProducer<ShipmentCreated> created,
    ITopicProducer<ShipmentCancelled> cancelled, TimeProvider time) : IConsumer<CreateShipment>
{
    public async Task Consume(ConsumeContext<CreateShipment> context)
    {
        var command = context.Message;
        var shipment = await book.Create(command.OrderId, command.ShippingAddressId, context.CancellationToken);
        if (shipment.Status == ShipmentStatus.Cancelled)
        {
            await cancelled.Produce(new ShipmentCancelled(NewId.NextGuid(), time.GetUtcNow(), command.OrderId,
                command.TenantId, shipment.ShipmentExisted), context.CancellationToken);
            return;
        }

        await created.Produce(new ShipmentCreated(NewId.NextGuid(), time.GetUtcNow(), command.OrderId, command.TenantId,
            shipment.TrackingNumber!), context.CancellationToken);
    }
}
