namespace OrderFulfillment.Shipping.Shipments;

/// <summary>Where an order's shipment stands. Stored by name.</summary>
public enum ShipmentStatus
{
    /// <summary>Created, with a tracking number: the order ships.</summary>
    Created,

    /// <summary>Cancelled: the order does not ship. Final.</summary>
    Cancelled,
}
