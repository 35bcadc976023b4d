namespace OrderFulfillment.Shipping.Shipments;

/// <summary>
/// An order's shipment, one row per order. A row cancelled before any CreateShipment arrived is a tombstone: it has
/// no tracking number or address, and it stops a later CreateShipment from creating a shipment.
/// </summary>
public sealed class Shipment
{
    public Guid OrderId { get; set; }

    public ShipmentStatus Status { get; set; }

    /// <summary>Null only for a tombstone (cancelled before it was created).</summary>
    public string? TrackingNumber { get; set; }

    /// <summary>Null only for a tombstone.</summary>
    public string? ShippingAddressId { get; set; }

    /// <summary>When the row was written: the shipment's creation, or the tombstone's.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }
}
