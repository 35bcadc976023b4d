namespace OrderFulfillment.Orchestrator.Submissions;

/// <summary>
/// An accepted order request, stored with its OrderPlaced outbox row. It makes an order visible before its saga
/// exists, and makes a retried request with the same Idempotency-Key return the same order.
/// </summary>
public sealed class OrderSubmission
{
    public Guid OrderId { get; set; }

    public string TenantId { get; set; } = string.Empty;

    /// <summary>The client's Idempotency-Key, unique per tenant; null when the client sent none.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>SHA-256 of the canonical request, to tell a retry from a different order reusing the key.</summary>
    public string RequestHash { get; set; } = string.Empty;

    public DateTimeOffset SubmittedAt { get; set; }
}
