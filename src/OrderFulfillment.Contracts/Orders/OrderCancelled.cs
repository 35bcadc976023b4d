namespace OrderFulfillment.Contracts.Orders;

/// <summary>
/// The order was cancelled (reason out_of_stock, payment_failed, timeout or customer_requested) and compensated. Audit
/// topic. Its v1 schema lists only the first three reasons; the field is a free string, so the fourth is compatible.
/// </summary>
public sealed record OrderCancelled(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    string Reason) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(OrderCancelled);

    /// <inheritdoc />
    public int Version => 1;
}
