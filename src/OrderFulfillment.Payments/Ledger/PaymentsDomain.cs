using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderFulfillment.Payments.Gateway;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Payments.Ledger;

/// <summary>
/// The payment service's own services: its database, the <see cref="PaymentLedger"/>, the one type that records
/// payments, and the gateway it asks. <c>AddPaymentsMessaging</c> adds the consumers that call the ledger.
/// </summary>
public static class PaymentsDomain
{
    public static IHostApplicationBuilder AddPaymentsDomain(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PaymentsDbContext>();
        builder.AddPaymentGateway();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<PaymentLedger>();
        return builder;
    }
}
