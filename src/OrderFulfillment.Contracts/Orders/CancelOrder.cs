namespace OrderFulfillment.Contracts.Orders;

/// <summary>
/// Cancel the order, for <paramref name="Reason"/> (so far only <c>customer_requested</c>). Written by the orders API
/// through its outbox, read only by the orchestrator's saga, which decides: it cancels and compensates if the order
/// has not shipped yet, and otherwise ignores the request.
/// </summary>
public sealed record CancelOrder(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId, string Reason) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(CancelOrder);

    /// <inheritdoc />
    public int Version => 1;
}
