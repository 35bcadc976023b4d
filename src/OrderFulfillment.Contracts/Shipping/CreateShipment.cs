namespace OrderFulfillment.Contracts.Shipping;

/// <summary>Ship the order.</summary>
public sealed record CreateShipment(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    string ShippingAddressId) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(CreateShipment);

    /// <inheritdoc />
    public int Version => 1;
}
