namespace OrderFulfillment.Shipping.Shipments;

/// <summary>An order's shipment. One per order.</summary>
public sealed class Shipment
{
    public Guid OrderId { get; set; }

    public string TrackingNumber { get; set; } = string.Empty;

    public string ShippingAddressId { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}
