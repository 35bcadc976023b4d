namespace OrderFulfillment.Shipping.Shipments;

/// <summary>The order's shipment after a command: created with a tracking number, or cancelled.</summary>
/// <param name="Status">Created or Cancelled.</param>
/// <param name="TrackingNumber">The shipment's tracking number; null when it was cancelled before it was
/// created.</param>
public sealed record ShipmentDecision(ShipmentStatus Status, string? TrackingNumber)
{
    /// <summary>A shipment was created at some point (for a cancelled one: it was created, then cancelled).</summary>
    public bool ShipmentExisted => TrackingNumber is not null;
}
