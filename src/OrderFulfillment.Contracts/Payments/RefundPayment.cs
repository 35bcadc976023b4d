namespace OrderFulfillment.Contracts.Payments;

/// <summary>Compensation: refund the order's charge, if there is one.</summary>
public sealed record RefundPayment(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId)
    : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(RefundPayment);

    /// <inheritdoc />
    public int Version => 1;
}
