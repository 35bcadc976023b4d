namespace OrderFulfillment.Contracts.Shipping;

/// <summary>
/// The order will not ship. <paramref name="ShipmentExisted"/> is true when a shipment had been created and is now
/// cancelled, false when the cancellation came first and no shipment was (or will be) created.
/// </summary>
public sealed record ShipmentCancelled(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    bool ShipmentExisted) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(ShipmentCancelled);

    /// <inheritdoc />
    public int Version => 1;
}
