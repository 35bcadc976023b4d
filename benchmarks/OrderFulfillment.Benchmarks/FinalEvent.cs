namespace OrderFulfillment.Benchmarks;

/// <summary>
/// The fields the benchmark needs of OrderCompleted and OrderCancelled, as their Avro schemas name them (decoded to
/// JSON by <c>AvroJson</c>). Reason is null for a completed order.
/// </summary>
internal sealed record FinalEvent(Guid OrderId, DateTimeOffset OccurredAt, string? Reason)
{
    /// <summary>The saga's reason when payment declined the order (CancellationReasons in the orchestrator).</summary>
    public const string PaymentFailed = "payment_failed";

    /// <summary>The saga's reason when inventory could not reserve the order's units.</summary>
    public const string OutOfStock = "out_of_stock";

    public bool Completed => Reason is null;
}
