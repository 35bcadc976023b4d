namespace OrderFulfillment.Contracts.Payments;

/// <summary>The payment service accepted the charge and is processing it.</summary>
public sealed record PaymentCharging(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId)
    : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(PaymentCharging);

    /// <inheritdoc />
    public int Version => 1;
}
