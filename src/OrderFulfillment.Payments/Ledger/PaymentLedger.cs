using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Payments.Gateway;

namespace OrderFulfillment.Payments.Ledger;

/// <summary>
/// The recorded outcome of a charge request. <see cref="Repeated"/> is true when the order had already been decided
/// (or voided) and this request changed nothing.
/// </summary>
public sealed record ChargeOutcome(PaymentStatus Status, decimal AmountUsd, string? Reason, bool Repeated);

/// <summary>
/// Charges and refunds, one payment row per order. Runs inside the transaction of the message being handled, so the
/// payment row, the inbox row and the reply commit together or not at all. Two deliveries racing for the same order
/// both try to insert its row; the primary key lets one win, and the loser's transaction is retried and then finds
/// the winner's decision.
/// </summary>
public sealed class PaymentLedger(PaymentsDbContext db, PaymentGateway gateway, TimeProvider time)
{
    /// <summary>Why a charge is refused after its order's refund arrived first.</summary>
    public const string OrderCancelled = "order_cancelled";

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// Charges the order through the gateway, once: an order that already has a payment gets its recorded outcome
    /// back, and a voided order is refused without asking the gateway.
    /// </summary>
    public async Task<ChargeOutcome> Charge(Guid orderId, string customerId, decimal amountUsd, CancellationToken cancellationToken)
    {
        if (await LoadForUpdate(orderId, cancellationToken) is { } recorded)
        {
            return new ChargeOutcome(recorded.Status, recorded.AmountUsd, recorded.Reason, Repeated: true);
        }

        var decision = gateway.Authorise(orderId, amountUsd);
        var payment = Record(orderId, customerId, amountUsd,
            decision.Approved ? PaymentStatus.Charged : PaymentStatus.Declined, decision.DeclineReason, decision.Reference);
        return new ChargeOutcome(payment.Status, payment.AmountUsd, payment.Reason, Repeated: false);
    }

    /// <summary>
    /// Gives a charge back, once. A refund that finds no payment voids the order, so a charge that overtook it on
    /// another topic's way is refused when it arrives. Returns whether this call refunded money.
    /// </summary>
    public async Task<bool> Refund(Guid orderId, CancellationToken cancellationToken)
    {
        var payment = await LoadForUpdate(orderId, cancellationToken);
        if (payment is null)
        {
            Record(orderId, string.Empty, 0m, PaymentStatus.Voided, OrderCancelled, reference: null);
            return false;
        }

        if (payment.Status != PaymentStatus.Charged)
        {
            return false;
        }

        payment.Status = PaymentStatus.Refunded;
        payment.UpdatedAt = Now;
        return true;
    }

    private Payment Record(Guid orderId, string customerId, decimal amountUsd, PaymentStatus status, string? reason, string? reference)
    {
        var payment = new Payment
        {
            OrderId = orderId,
            CustomerId = customerId,
            AmountUsd = amountUsd,
            Status = status,
            Reason = reason,
            GatewayReference = reference,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        db.Payments.Add(payment);
        return payment;
    }

    /// <summary>Locks the payment row, so a refund and a repeated charge of the same order see one state.</summary>
    private Task<Payment?> LoadForUpdate(Guid orderId, CancellationToken cancellationToken) =>
        db.Payments
            .FromSql($"""SELECT * FROM payments WHERE "OrderId" = {orderId} FOR UPDATE""")
            .SingleOrDefaultAsync(cancellationToken);
}
