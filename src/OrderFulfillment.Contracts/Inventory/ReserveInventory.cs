namespace OrderFulfillment.Contracts.Inventory;

/// <summary>Reserve every line of the order, all or nothing.</summary>
public sealed record ReserveInventory(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    IReadOnlyList<OrderLine> Lines) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(ReserveInventory);

    /// <inheritdoc />
    public int Version => 1;
}
