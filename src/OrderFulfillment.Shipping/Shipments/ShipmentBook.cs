using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Shipping.Shipments;

/// <summary>
/// Creates shipments, one per order. Runs inside the transaction of the message being handled, so the shipment, the
/// inbox row and the announcement commit together. Two deliveries racing for the same order both try to insert its
/// row; the primary key lets one win, and the loser's transaction is retried and then finds the winner's shipment.
/// </summary>
public sealed class ShipmentBook(ShippingDbContext db, TimeProvider time)
{
    private const string TrackingPrefix = "TRK";

    /// <summary>The order's tracking number: its existing shipment's, or that of a shipment created now.</summary>
    public async Task<string> Create(Guid orderId, string shippingAddressId, CancellationToken cancellationToken)
    {
        if (await db.Shipments.AsNoTracking().SingleOrDefaultAsync(s => s.OrderId == orderId, cancellationToken) is { } existing)
        {
            return existing.TrackingNumber;
        }

        var shipment = new Shipment
        {
            OrderId = orderId,
            TrackingNumber = NewTrackingNumber(),
            ShippingAddressId = shippingAddressId,
            CreatedAt = time.GetUtcNow(),
        };
        db.Shipments.Add(shipment);
        return shipment.TrackingNumber;
    }

    /// <summary>
    /// "TRK" and 48 random bits as 12 hex digits. The first six bytes of a version 4 Guid are all random (its version
    /// bits come later), unlike those of a sequential id, whose neighbours would share them.
    /// </summary>
    private static string NewTrackingNumber() => TrackingPrefix + Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 6);
}
