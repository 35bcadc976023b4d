using MassTransit;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Payments.Ledger;

namespace OrderFulfillment.Payments.Messaging;

/// <summary>
/// Charges an order once and answers the orchestrator; a repeated command gets the recorded answer again.
/// </summary>
public sealed class ChargePaymentConsumer(
    PaymentLedger ledger,
    ITopicProducer<PaymentCharging> charging,
    ITopicProducer<PaymentCharged> charged,
    ITopicProducer<PaymentFailed> failed,
    TimeProvider time) : IConsumer<ChargePayment>
{
    public async Task Consume(ConsumeContext<ChargePayment> context)
    {
        var command = context.Message;
        var outcome =
            await ledger.Charge(command.OrderId, command.CustomerId, command.AmountUsd, context.CancellationToken);
        // Nothing leaves before the transaction commits, and the outbox then delivers in produce order: producing the
        // acknowledgement after the decision still sends it first. (It travels on another topic than the result, so
        // the orchestrator accepts them in either order anyway.)
        if (!outcome.Repeated)
        {
            await charging.Produce(new PaymentCharging(NewId.NextGuid(), time.GetUtcNow(), command.OrderId,
                command.TenantId), context.CancellationToken);
        }

        switch (outcome.Status)
        {
            case PaymentStatus.Charged:
                await charged.Produce(
                    new PaymentCharged(NewId.NextGuid(), time.GetUtcNow(), command.OrderId, command.TenantId,
                    outcome.AmountUsd), context.CancellationToken);
                break;
            case PaymentStatus.Declined or PaymentStatus.Voided:
                await failed.Produce(
                    new PaymentFailed(NewId.NextGuid(), time.GetUtcNow(), command.OrderId, command.TenantId,
                    outcome.Reason ?? "declined"), context.CancellationToken);
                break;
            case PaymentStatus.Refunded:
                // The order was cancelled and its money given back; announcing the old charge would only provoke
                // another refund.
                break;
        }
    }
}
