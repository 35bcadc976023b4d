namespace OrderFulfillment.Contracts.Orders;

/// <summary>The order was cancelled (reason out_of_stock, payment_failed or timeout) and compensated. Audit topic.</summary>
public sealed record OrderCancelled(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId, string Reason) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(OrderCancelled);

    /// <inheritdoc />
    public int Version => 1;
}
