namespace OrderFulfillment.Payments.Ledger;

/// <summary>What became of an order's payment. One row per order, so every decision is taken once.</summary>
public enum PaymentStatus
{
    /// <summary>The gateway authorised the amount.</summary>
    Charged,

    /// <summary>The gateway refused; nothing was taken.</summary>
    Declined,

    /// <summary>The charge was given back.</summary>
    Refunded,

    /// <summary>A refund overtook its charge: nothing was taken, and the late charge is refused.</summary>
    Voided,
}

/// <summary>An order's payment.</summary>
public sealed class Payment
{
    public Guid OrderId { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public decimal AmountUsd { get; set; }

    public PaymentStatus Status { get; set; }

    public string? Reason { get; set; }

    /// <summary>The gateway's authorisation, for reconciliation; null when nothing was authorised.</summary>
    public string? GatewayReference { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
