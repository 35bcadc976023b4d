namespace OrderFulfillment.Benchmarks;

/// <summary>
/// The fields the benchmark needs of OrderCompleted and OrderCancelled, as the rider writes them (raw System.Text.Json,
/// camelCase). Reason is null for a completed order.
/// </summary>
internal sealed record FinalEvent(Guid OrderId, DateTimeOffset OccurredAt, string? Reason)
{
    public const string PaymentFailed = "payment_failed";

    public bool Completed => Reason is null;
}
