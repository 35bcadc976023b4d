namespace OrderFulfillment.Contracts.Shipping;

/// <summary>
/// Do not ship the order: cancel its shipment, or, when the CreateShipment has not arrived yet, make sure it never
/// creates one. Sent by the saga when it cancels an order after CreateShipment was sent.
/// </summary>
public sealed record CancelShipment(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId)
    : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(CancelShipment);

    /// <inheritdoc />
    public int Version => 1;
}
