namespace OrderFulfillment.Contracts.Inventory;

/// <summary>What the order had reserved is available again.</summary>
public sealed record InventoryReleased(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId)
    : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(InventoryReleased);

    /// <inheritdoc />
    public int Version => 1;
}
