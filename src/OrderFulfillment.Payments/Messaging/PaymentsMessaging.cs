using MassTransit;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Payments.Messaging;

/// <summary>
/// What the payment service consumes and produces. Its consumers need the services <c>AddPaymentsDomain</c> registers.
/// </summary>
public static class PaymentsMessaging
{
    /// <summary>The service's catalogue key: prefix of its consumer groups.</summary>
    public static string Service => ServiceCatalogue.Payments.Key;

    public static IHostApplicationBuilder AddPaymentsMessaging(this IHostApplicationBuilder builder)
    {
        builder.AddKafkaMessaging(
            rider =>
            {
                rider.AddConsumer<ChargePaymentConsumer>();
                rider.AddConsumer<RefundPaymentConsumer>();
                rider.AddProducer<PaymentCharging>(Topics.PaymentCharging.Name, m => m.OrderId.ToString());
                rider.AddProducer<PaymentCharged>(Topics.PaymentCharged.Name, m => m.OrderId.ToString());
                rider.AddProducer<PaymentFailed>(Topics.PaymentFailed.Name, m => m.OrderId.ToString());
                rider.AddProducer<PaymentRefunded>(Topics.PaymentRefunded.Name, m => m.OrderId.ToString());
            },
            (context, kafka) =>
            {
                kafka.TransactionalTopicEndpoint<ChargePayment, PaymentsDbContext>(context, Service,
                    Topics.ChargePayment.Name, e => e.ConfigureConsumer<ChargePaymentConsumer>(context));
                kafka.TransactionalTopicEndpoint<RefundPayment, PaymentsDbContext>(context, Service,
                    Topics.RefundPayment.Name, e => e.ConfigureConsumer<RefundPaymentConsumer>(context));
            });
        return builder;
    }
}
