using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Payments.Gateway;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Payments.Ledger;

/// <summary>
/// The recorded outcome of a charge request. <see cref="Repeated"/> is true when the order had already been decided
/// (or voided) and this request changed nothing.
/// </summary>
public sealed record ChargeOutcome(PaymentStatus Status, decimal AmountUsd, string? Reason, bool Repeated);

/// <summary>
/// Charges and refunds, one payment row per order. Runs inside the transaction of the message being handled, so the
/// payment row, the inbox row and the reply commit together or not at all.
/// </summary>
/// <remarks>
/// Every decision about one order (charge, refund) first takes that order's transaction-scoped lock, so two consumers
/// of the same order (two deliveries of the charge, or a refund overtaking its charge on another topic) decide one
/// after the other and the second sees what the first committed: a refund that comes first voids the order and the
/// late charge is refused without asking the gateway; a charge that comes first is refunded. Without the lock both
/// would find no payment and race to insert one, and the loser would fail on the primary key after it had already
/// asked the gateway. The gateway is asked with the idempotency key <see cref="PaymentGateway.ChargeKey"/>, so an
/// attempt that reached it and then failed to commit gets the same decision on its retry, not a second charge.
/// </remarks>
public sealed class PaymentLedger(PaymentsDbContext db, PaymentGateway gateway, TimeProvider time)
{
    /// <summary>Why a charge is refused after its order's refund arrived first.</summary>
    public const string OrderCancelled = "order_cancelled";

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// Charges the order through the gateway, once: an order that already has a payment gets its recorded outcome
    /// back, and a voided order is refused without asking the gateway.
    /// </summary>
    public async Task<ChargeOutcome> Charge(Guid orderId, string customerId, decimal amountUsd,
        CancellationToken cancellationToken)
    {
        if (await LoadForUpdate(orderId, cancellationToken) is { } recorded)
        {
            return new ChargeOutcome(recorded.Status, recorded.AmountUsd, recorded.Reason, Repeated: true);
        }

        var decision = gateway.Authorise(PaymentGateway.ChargeKey(orderId), orderId, amountUsd);
        var payment = Record(orderId, customerId, amountUsd,
            decision.Approved ? PaymentStatus.Charged : PaymentStatus.Declined, decision.DeclineReason,
            decision.Reference);
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

    private Payment Record(Guid orderId, string customerId, decimal amountUsd, PaymentStatus status, string? reason,
        string? reference)
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
    private async Task<Payment?> LoadForUpdate(Guid orderId, CancellationToken cancellationToken)
    {
        await db.Database.LockOrderAsync(orderId, cancellationToken);
        return await db.Payments
            .FromSql($"""SELECT * FROM payments WHERE "OrderId" = {orderId} FOR UPDATE""")
            .SingleOrDefaultAsync(cancellationToken);
    }
}
