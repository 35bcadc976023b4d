namespace OrderFulfillment.Contracts.Payments;

/// <summary>The order's charge was refunded.</summary>
public sealed record PaymentRefunded(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId)
    : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(PaymentRefunded);

    /// <inheritdoc />
    public int Version => 1;
}
