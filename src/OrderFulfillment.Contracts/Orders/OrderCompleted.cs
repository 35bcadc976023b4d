namespace OrderFulfillment.Contracts.Orders;

/// <summary>The order was reserved, charged and shipped. Audit topic.</summary>
public sealed record OrderCompleted(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    decimal TotalUsd, string TrackingNumber) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(OrderCompleted);

    /// <inheritdoc />
    public int Version => 1;
}
