using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Inventory.Tests;

/// <summary>The inventory service on Kafka, with producers for the commands it consumes.</summary>
internal static class InventoryService
{
    public static Task<ServiceOnKafka<InventoryDbContext>> Start(Action<IServiceCollection>? services = null) =>
        ServiceOnKafka.Start<InventoryDbContext>("inventory", rider =>
        {
            rider.AddProducer<ReserveInventory>(Topics.ReserveInventory.Name, m => m.OrderId.ToString());
            rider.AddProducer<ReleaseInventory>(Topics.ReleaseInventory.Name, m => m.OrderId.ToString());
        }, services);
}
