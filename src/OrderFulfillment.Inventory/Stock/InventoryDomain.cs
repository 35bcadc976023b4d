using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Inventory.Stock;

/// <summary>
/// The inventory's own services: its database and the <see cref="StockLedger"/>, the one type that changes stock.
/// <c>AddInventoryMessaging</c> adds the consumers that call it.
/// </summary>
public static class InventoryDomain
{
    public static IHostApplicationBuilder AddInventoryDomain(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<InventoryDbContext>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<StockLedger>();
        return builder;
    }
}
