using System.ComponentModel.DataAnnotations;

namespace OrderFulfillment.Contracts.Orders;

/// <summary>
/// The orchestrator's deadline sweeper found an order still waiting past its deadline. <paramref
/// name="DeadlineVersion"/> names which deadline, so one that the saga has already moved past is ignored.
/// </summary>
public sealed record OrderDeadlinePassed(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    [property: Range(0, int.MaxValue)] int DeadlineVersion) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(OrderDeadlinePassed);

    /// <inheritdoc />
    public int Version => 1;
}
