namespace OrderFulfillment.Contracts.Orders;

/// <summary>The API accepted an order; the orchestrator's saga starts from it.</summary>
/// <param name="EventId">Unique id of this message; consumers deduplicate by it.</param>
/// <param name="OccurredAt">When the API accepted the order.</param>
/// <param name="OrderId">The new order's id: the saga's correlation id and the record key.</param>
/// <param name="TenantId">The tenant the order belongs to.</param>
/// <param name="CustomerId">The customer who placed it.</param>
/// <param name="ShippingAddressId">The customer's shipping address it goes to.</param>
/// <param name="Lines">The order's lines, at least one.</param>
/// <param name="CustomerReference">
/// The customer's own reference for the order (a purchase-order number, say); null when none was given. New in
/// version 2: a record written with version 1 reads as null.
/// </param>
public sealed record OrderPlaced(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    string CustomerId, string ShippingAddressId, IReadOnlyList<OrderLine> Lines,
    string? CustomerReference = null) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(OrderPlaced);

    /// <inheritdoc />
    public int Version => 2;
}
