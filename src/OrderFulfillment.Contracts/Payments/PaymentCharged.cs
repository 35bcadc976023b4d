namespace OrderFulfillment.Contracts.Payments;

/// <summary>The order's total was charged.</summary>
public sealed record PaymentCharged(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    decimal AmountUsd) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(PaymentCharged);

    /// <inheritdoc />
    public int Version => 1;
}
