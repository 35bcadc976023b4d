namespace OrderFulfillment.Contracts.Orders;

/// <summary>
/// An operator asks the saga to send again the command the order's <paramref name="State"/> waits on (its reply was
/// lost, dead-lettered or never came). Written by the orchestrator's operations API through its outbox, read only by
/// the orchestrator's saga, which re-sends the command, with a new message id, only if the order is still in that
/// state.
/// </summary>
/// <param name="EventId">Unique id of this message; consumers deduplicate by it.</param>
/// <param name="OccurredAt">When the API accepted the request.</param>
/// <param name="OrderId">The order: the saga's correlation id and the record key.</param>
/// <param name="TenantId">The tenant the order belongs to.</param>
/// <param name="State">The state the operator saw the order in; the saga ignores the request once the order has left
/// it.</param>
/// <param name="Actor">Who asked (the operator token's <c>sub</c>).</param>
/// <param name="Note">Why the operator asked.</param>
public sealed record RetryOrderStep(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    string State, string Actor, string Note)
    : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(RetryOrderStep);

    /// <inheritdoc />
    public int Version => 1;
}
