using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Shipping.Shipments;

/// <summary>
/// Creates and cancels shipments, one row per order. Runs inside the transaction of the message being handled, so
/// the row, the inbox row and the announcement commit together.
/// </summary>
/// <remarks>
/// CreateShipment and CancelShipment travel on different topics, so they can be handled at the same time, and in
/// either order. Each command first writes the order's row if there is none (<c>ON CONFLICT DO NOTHING</c>, which
/// waits for a concurrent insert of the same key to commit or roll back instead of failing) and then locks the row;
/// from there the two are serialised on that lock. A cancel that finds no row writes a tombstone, so a later create
/// finds a cancelled row and creates nothing.
/// </remarks>
public sealed class ShipmentBook(ShippingDbContext db, TimeProvider time)
{
    private const string TrackingPrefix = "TRK";

    /// <summary>
    /// Ships the order, once: creates its shipment, or returns the existing one. An order whose shipment was cancelled,
    /// even before this command arrived, stays cancelled.
    /// </summary>
    public async Task<ShipmentDecision> Create(Guid orderId, string shippingAddressId,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var trackingNumber = NewTrackingNumber();
        var created = nameof(ShipmentStatus.Created);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO shipments ("OrderId", "Status", "TrackingNumber", "ShippingAddressId", "CreatedAt")
            VALUES ({orderId}, {created}, {trackingNumber}, {shippingAddressId}, {now})
            ON CONFLICT ("OrderId") DO NOTHING
            """, cancellationToken);
        var shipment = await LoadForUpdate(orderId, cancellationToken);
        return new ShipmentDecision(shipment.Status, shipment.TrackingNumber);
    }

    /// <summary>
    /// Cancels the order's shipment, once: a created shipment becomes cancelled; with none yet, a tombstone makes
    /// sure a later CreateShipment creates none. A repeated cancel changes nothing and reports the same.
    /// </summary>
    public async Task<ShipmentDecision> Cancel(Guid orderId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cancelled = nameof(ShipmentStatus.Cancelled);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO shipments ("OrderId", "Status", "CreatedAt", "CancelledAt")
            VALUES ({orderId}, {cancelled}, {now}, {now})
            ON CONFLICT ("OrderId") DO NOTHING
            """, cancellationToken);
        var shipment = await LoadForUpdate(orderId, cancellationToken);
        if (shipment.Status != ShipmentStatus.Cancelled)
        {
            shipment.Status = ShipmentStatus.Cancelled;
            shipment.CancelledAt = now;
        }

        return new ShipmentDecision(shipment.Status, shipment.TrackingNumber);
    }

    private async Task<Shipment> LoadForUpdate(Guid orderId, CancellationToken cancellationToken) =>
        await db.Shipments.FromSql($"""SELECT * FROM shipments WHERE "OrderId" = {orderId} FOR UPDATE""")
            .SingleAsync(cancellationToken);

    /// <summary>
    /// "TRK" and 48 random bits as 12 hex digits. The first six bytes of a version 4 Guid are all random (its version
    /// bits come later), unlike those of a sequential id, whose neighbours would share them.
    /// </summary>
    private static string NewTrackingNumber() =>
        TrackingPrefix + Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 6);
}
