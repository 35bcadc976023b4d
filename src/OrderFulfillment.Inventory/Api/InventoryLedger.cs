using Microsoft.EntityFrameworkCore;
using OrderFulfillment.ServiceDefaults.Operations;

namespace OrderFulfillment.Inventory.Api;

/// <summary>
/// The inventory's facts per order for reconciliation: the reservation's status and the units it covers.
/// </summary>
public static class InventoryLedger
{
    public static async Task<List<OrderLedgerEntry>> Read(InventoryDbContext db, IReadOnlyList<Guid> orderIds,
        CancellationToken cancellationToken)
    {
        var reservations = await db.Reservations.AsNoTracking().Where(r => orderIds.Contains(r.OrderId))
            .Select(r => new { r.OrderId, r.Status, Units = r.Lines.Sum(l => (int?)l.Quantity) ?? 0 })
            .ToListAsync(cancellationToken);
        return [.. reservations.Select(r => new OrderLedgerEntry(r.OrderId, r.Status.ToString(), Units: r.Units))];
    }
}
