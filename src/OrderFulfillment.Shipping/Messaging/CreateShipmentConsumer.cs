using MassTransit;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Shipping.Shipments;

namespace OrderFulfillment.Shipping.Messaging;

/// <summary>Creates the order's shipment and announces its tracking number; a repeated command announces the same one.</summary>
public sealed class CreateShipmentConsumer(ShipmentBook book, ITopicProducer<ShipmentCreated> created, TimeProvider time)
    : IConsumer<CreateShipment>
{
    public async Task Consume(ConsumeContext<CreateShipment> context)
    {
        var command = context.Message;
        var trackingNumber = await book.Create(command.OrderId, command.ShippingAddressId, context.CancellationToken);
        await created.Produce(new ShipmentCreated(NewId.NextGuid(), time.GetUtcNow(), command.OrderId, command.TenantId, trackingNumber),
            context.CancellationToken);
    }
}
