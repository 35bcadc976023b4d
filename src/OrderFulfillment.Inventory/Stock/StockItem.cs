namespace OrderFulfillment.Inventory.Stock;

/// <summary>
/// Stock of one product. Units move from <see cref="Available"/> to <see cref="Reserved"/> when an order reserves
/// them, back when it is released, and on to <see cref="Shipped"/> when the order completes; the sum only changes
/// when an operator sets the available count.
/// </summary>
public sealed class StockItem
{
    /// <summary>The longest product id the stock and reservation tables hold.</summary>
    public const int MaxProductIdLength = 100;

    public string ProductId { get; set; } = string.Empty;

    public int Available { get; set; }

    public int Reserved { get; set; }

    public int Shipped { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
