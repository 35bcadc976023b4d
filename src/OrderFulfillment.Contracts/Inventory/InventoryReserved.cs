namespace OrderFulfillment.Contracts.Inventory;

/// <summary>Every line of the order is reserved.</summary>
public sealed record InventoryReserved(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId)
    : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(InventoryReserved);

    /// <inheritdoc />
    public int Version => 1;
}
