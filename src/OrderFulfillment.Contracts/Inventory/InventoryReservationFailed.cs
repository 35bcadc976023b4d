namespace OrderFulfillment.Contracts.Inventory;

/// <summary>Nothing was reserved because a line was short of stock.</summary>
public sealed record InventoryReservationFailed(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    string Reason) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(InventoryReservationFailed);

    /// <inheritdoc />
    public int Version => 1;
}
