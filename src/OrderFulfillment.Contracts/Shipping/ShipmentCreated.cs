namespace OrderFulfillment.Contracts.Shipping;

/// <summary>A shipment exists for the order.</summary>
public sealed record ShipmentCreated(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    string TrackingNumber) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(ShipmentCreated);

    /// <inheritdoc />
    public int Version => 1;
}
