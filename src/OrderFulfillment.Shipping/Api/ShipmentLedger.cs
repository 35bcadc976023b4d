using Microsoft.EntityFrameworkCore;
using OrderFulfillment.ServiceDefaults.Operations;

namespace OrderFulfillment.Shipping.Api;

/// <summary>The shipping's facts per order for reconciliation: the shipment's status and tracking number.</summary>
public static class ShipmentLedger
{
    public static async Task<List<OrderLedgerEntry>> Read(ShippingDbContext db, IReadOnlyList<Guid> orderIds,
        CancellationToken cancellationToken)
    {
        var shipments = await db.Shipments.AsNoTracking().Where(s => orderIds.Contains(s.OrderId))
            .Select(s => new { s.OrderId, s.Status, s.TrackingNumber })
            .ToListAsync(cancellationToken);
        return [.. shipments.Select(s =>
            new OrderLedgerEntry(s.OrderId, s.Status.ToString(), TrackingNumber: s.TrackingNumber))];
    }
}
