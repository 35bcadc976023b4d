using MassTransit;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Shipping.Messaging;

/// <summary>
/// What the shipping service consumes and produces. Its consumers need the services <c>AddShippingDomain</c> registers.
/// </summary>
public static class ShippingMessaging
{
    /// <summary>The service's catalogue key: prefix of its consumer groups.</summary>
    public static string Service => ServiceCatalogue.Shipping.Key;

    public static IHostApplicationBuilder AddShippingMessaging(this IHostApplicationBuilder builder)
    {
        builder.AddKafkaMessaging(
            rider =>
            {
                rider.AddConsumer<CreateShipmentConsumer>();
                rider.AddConsumer<CancelShipmentConsumer>();
                rider.AddProducer<ShipmentCreated>(Topics.ShipmentCreated.Name, m => m.OrderId.ToString());
                rider.AddProducer<ShipmentCancelled>(Topics.ShipmentCancelled.Name, m => m.OrderId.ToString());
            },
            (context, kafka) =>
            {
                kafka.TransactionalTopicEndpoint<CreateShipment, ShippingDbContext>(context, Service,
                    Topics.CreateShipment.Name, e => e.ConfigureConsumer<CreateShipmentConsumer>(context));
                kafka.TransactionalTopicEndpoint<CancelShipment, ShippingDbContext>(context, Service,
                    Topics.CancelShipment.Name, e => e.ConfigureConsumer<CancelShipmentConsumer>(context));
            });
        return builder;
    }
}
