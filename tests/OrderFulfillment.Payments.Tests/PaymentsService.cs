using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Payments.Tests;

/// <summary>The payment service on Kafka, with a producer for the charges it consumes.</summary>
internal static class PaymentsService
{
    public static Task<ServiceOnKafka<PaymentsDbContext>> Start(Action<IServiceCollection>? services = null) =>
        ServiceOnKafka.Start<PaymentsDbContext>("payments",
            rider => rider.AddProducer<ChargePayment>(Topics.ChargePayment.Name, m => m.OrderId.ToString()), services);
}
