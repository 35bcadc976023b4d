namespace OrderFulfillment.Contracts.Payments;

/// <summary>The charge was declined.</summary>
public sealed record PaymentFailed(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    string Reason) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(PaymentFailed);

    /// <inheritdoc />
    public int Version => 1;
}
