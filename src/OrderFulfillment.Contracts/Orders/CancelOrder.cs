namespace OrderFulfillment.Contracts.Orders;

/// <summary>
/// Cancel the order, for <paramref name="Reason"/> (<c>customer_requested</c> or <c>operator_requested</c>). Written by
/// the orchestrator's orders and operations APIs through its outbox, read only by the orchestrator's saga, which
/// decides: it cancels and compensates if the order has not shipped yet, and otherwise ignores the request.
/// </summary>
/// <param name="EventId">Unique id of this message; consumers deduplicate by it.</param>
/// <param name="OccurredAt">When the API accepted the request.</param>
/// <param name="OrderId">The order: the saga's correlation id and the record key.</param>
/// <param name="TenantId">The tenant the order belongs to.</param>
/// <param name="Reason">customer_requested or operator_requested: the reason the cancelled order carries.</param>
/// <param name="Actor">Who asked, for an operator's cancellation (the token's <c>sub</c>); null for a customer's. New
/// in version 2.</param>
/// <param name="Note">Why the operator asked; null for a customer's. New in version 2.</param>
public sealed record CancelOrder(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId, string Reason,
    string? Actor = null, string? Note = null) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(CancelOrder);

    /// <inheritdoc />
    public int Version => 2;
}
