using MassTransit;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Inventory.Messaging;

/// <summary>
/// What the inventory consumes and produces. Its consumers need the services <c>AddInventoryDomain</c> registers.
/// </summary>
public static class InventoryMessaging
{
    /// <summary>The service's catalogue key: prefix of its consumer groups.</summary>
    public static string Service => ServiceCatalogue.Inventory.Key;

    public static IHostApplicationBuilder AddInventoryMessaging(this IHostApplicationBuilder builder)
    {
        builder.AddKafkaMessaging(
            rider =>
            {
                rider.AddConsumer<ReserveInventoryConsumer>();
                rider.AddConsumer<ReleaseInventoryConsumer>();
                rider.AddConsumer<OrderCompletedConsumer>();
                rider.AddProducer<InventoryReserved>(Topics.InventoryReserved.Name, m => m.OrderId.ToString());
                rider.AddProducer<InventoryReservationFailed>(Topics.InventoryReservationFailed.Name,
                    m => m.OrderId.ToString());
                rider.AddProducer<InventoryReleased>(Topics.InventoryReleased.Name, m => m.OrderId.ToString());
            },
            (context, kafka) =>
            {
                kafka.TransactionalTopicEndpoint<ReserveInventory, InventoryDbContext>(context, Service,
                    Topics.ReserveInventory.Name, e => e.ConfigureConsumer<ReserveInventoryConsumer>(context));
                kafka.TransactionalTopicEndpoint<ReleaseInventory, InventoryDbContext>(context, Service,
                    Topics.ReleaseInventory.Name, e => e.ConfigureConsumer<ReleaseInventoryConsumer>(context));
                kafka.TransactionalTopicEndpoint<OrderCompleted, InventoryDbContext>(context, Service,
                    Topics.OrderCompleted.Name, e => e.ConfigureConsumer<OrderCompletedConsumer>(context));
            });
        return builder;
    }
}
