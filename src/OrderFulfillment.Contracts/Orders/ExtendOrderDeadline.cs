using System.ComponentModel.DataAnnotations;

namespace OrderFulfillment.Contracts.Orders;

/// <summary>
/// An operator moves the order's current deadline later. Written by the orchestrator's operations API through its
/// outbox, read only by the orchestrator's saga, which sets the new deadline (with a new version, so a sweep of the old
/// one is ignored) only while <paramref name="DeadlineVersion"/> is still the order's current deadline.
/// </summary>
/// <param name="EventId">Unique id of this message; consumers deduplicate by it.</param>
/// <param name="OccurredAt">When the API accepted the request.</param>
/// <param name="OrderId">The order: the saga's correlation id and the record key.</param>
/// <param name="TenantId">The tenant the order belongs to.</param>
/// <param name="DeadlineVersion">The deadline the operator extends, as the saga numbers its deadlines.</param>
/// <param name="DeadlineAt">The new deadline.</param>
/// <param name="Actor">Who asked (the operator token's <c>sub</c>).</param>
/// <param name="Note">Why the operator asked.</param>
public sealed record ExtendOrderDeadline(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    [property: Range(0, int.MaxValue)] int DeadlineVersion,
    DateTimeOffset DeadlineAt, string Actor, string Note) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(ExtendOrderDeadline);

    /// <inheritdoc />
    public int Version => 1;
}
