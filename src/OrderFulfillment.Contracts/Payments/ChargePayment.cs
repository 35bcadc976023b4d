namespace OrderFulfillment.Contracts.Payments;

/// <summary>Charge the order's total.</summary>
public sealed record ChargePayment(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    string CustomerId, decimal AmountUsd) : IOrderMessage
{
    /// <inheritdoc />
    public string Type => nameof(ChargePayment);

    /// <inheritdoc />
    public int Version => 1;
}
