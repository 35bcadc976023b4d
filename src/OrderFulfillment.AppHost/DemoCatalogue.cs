using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace OrderFulfillment.AppHost;

/// <summary>Demo products and their starting stock, seeded where the inventory does not know them yet.</summary>
internal static class DemoCatalogue
{
    public static readonly IReadOnlyList<(string ProductId, int Available, decimal UnitPriceUsd)> Products =
    [
        ("sku-coffee-beans", 500, 14.50m),
        ("sku-mug", 200, 9.00m),
        ("sku-kettle", 3, 39.00m),
        ("sku-espresso-machine", 20, 6_500.00m),
    ];

    /// <summary>
    /// Seeds only unknown products, so a restart on real PostgreSQL never resets stock that is in use.
    /// </summary>
    public static async Task SeedAsync(Uri inventory, AuthenticationHeaderValue stockManager,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = inventory };
        http.DefaultRequestHeaders.Authorization = stockManager;
        foreach (var (productId, available, _) in Products)
        {
            using var existing = await http.GetAsync($"/inventory/{productId}", cancellationToken);
            if (existing.StatusCode == HttpStatusCode.NotFound)
            {
                using var put =
                    await http.PutAsJsonAsync($"/inventory/{productId}", new { available }, cancellationToken);
                put.EnsureSuccessStatusCode();
            }
        }
    }
}
