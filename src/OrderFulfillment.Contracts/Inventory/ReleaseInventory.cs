namespace OrderFulfillment.Contracts.Inventory;

/// <summary>Compensation: give back what the order reserved, if anything.</summary>
public sealed record ReleaseInventory(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId)
    : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(ReleaseInventory);

    /// <inheritdoc />
    public int Version => 1;
}
