using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Shipping.Shipments;

/// <summary>
/// The shipping service's own services: its database and the <see cref="ShipmentBook"/>, the one type that writes
/// shipments. <c>AddShippingMessaging</c> adds the consumers that call it.
/// </summary>
public static class ShippingDomain
{
    public static IHostApplicationBuilder AddShippingDomain(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ShippingDbContext>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<ShipmentBook>();
        return builder;
    }
}
