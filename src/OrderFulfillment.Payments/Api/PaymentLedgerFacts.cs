using Microsoft.EntityFrameworkCore;
using OrderFulfillment.ServiceDefaults.Operations;

namespace OrderFulfillment.Payments.Api;

/// <summary>The payments' facts per order for reconciliation: the payment's status and amount.</summary>
public static class PaymentLedgerFacts
{
    public static async Task<List<OrderLedgerEntry>> Read(PaymentsDbContext db, IReadOnlyList<Guid> orderIds,
        CancellationToken cancellationToken)
    {
        var payments = await db.Payments.AsNoTracking().Where(p => orderIds.Contains(p.OrderId))
            .Select(p => new { p.OrderId, p.Status, p.AmountUsd })
            .ToListAsync(cancellationToken);
        return [.. payments.Select(p => new OrderLedgerEntry(p.OrderId, p.Status.ToString(), AmountUsd: p.AmountUsd))];
    }
}
