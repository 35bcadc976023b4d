using MassTransit;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Payments.Ledger;

namespace OrderFulfillment.Payments.Messaging;

/// <summary>Compensation: gives an order's charge back, once, and announces it.</summary>
public sealed class RefundPaymentConsumer(PaymentLedger ledger, ITopicProducer<PaymentRefunded> refunded,
    TimeProvider time)
    : IConsumer<RefundPayment>
{
    public async Task Consume(ConsumeContext<RefundPayment> context)
    {
        var command = context.Message;
        if (await ledger.Refund(command.OrderId, context.CancellationToken))
        {
            await refunded.Produce(new PaymentRefunded(NewId.NextGuid(), time.GetUtcNow(), command.OrderId,
                command.TenantId), context.CancellationToken);
        }
    }
}
