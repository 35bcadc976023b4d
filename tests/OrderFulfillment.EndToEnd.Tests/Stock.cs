using System.Net.Http.Json;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>A product's stock as the inventory API reports it.</summary>
internal sealed record StockLevel(string ProductId, int Available, int Reserved, int Shipped)
{
    public int Total => Available + Reserved + Shipped;

    public static async Task<StockLevel> Of(string productId) =>
        (await Platform.Inventory.GetFromJsonAsync<StockLevel>($"/inventory/{productId}"))!;

    /// <summary>A product of the calling test's own, with <paramref name="available"/> units.</summary>
    public static async Task<string> NewProduct(int available)
    {
        var productId = "sku-" + Guid.NewGuid().ToString("N")[..12];
        await Platform.SetStock(productId, available);
        return productId;
    }

    /// <summary>
    /// Waits until the product's stock is exactly <paramref name="expected"/> (compensations are asynchronous).
    /// </summary>
    public static async Task Becomes(StockLevel expected)
    {
        var current = await Of(expected.ProductId);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (current != expected && !deadline.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None);
            current = await Of(expected.ProductId);
        }

        current.Should().Be(expected);
    }
}
