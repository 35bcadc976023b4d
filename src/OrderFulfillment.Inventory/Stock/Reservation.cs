namespace OrderFulfillment.Inventory.Stock;

/// <summary>What became of an order's reservation. One row per order, so every decision is taken once.</summary>
public enum ReservationStatus
{
    /// <summary>Every line is held.</summary>
    Reserved,

    /// <summary>Refused for lack of stock; nothing is held.</summary>
    Rejected,

    /// <summary>
    /// Given back. Also recorded when a release overtakes its reservation, so the late reservation is refused.
    /// </summary>
    Released,

    /// <summary>The order completed; its units left the warehouse.</summary>
    Shipped,
}

/// <summary>An order's reservation and the lines it holds.</summary>
public sealed class Reservation
{
    public Guid OrderId { get; set; }

    public ReservationStatus Status { get; set; }

    public string? Reason { get; set; }

    public List<ReservedLine> Lines { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Units of one product held for an order.</summary>
public sealed class ReservedLine
{
    public Guid OrderId { get; set; }

    public string ProductId { get; set; } = string.Empty;

    public int Quantity { get; set; }
}
