namespace OrderFulfillment.Contracts.Orders;

/// <summary>The API accepted an order; the orchestrator's saga starts from it.</summary>
public sealed record OrderPlaced(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId, string CustomerId, string ShippingAddressId, IReadOnlyList<OrderLine> Lines) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(OrderPlaced);

    /// <inheritdoc />
    public int Version => 1;
}
