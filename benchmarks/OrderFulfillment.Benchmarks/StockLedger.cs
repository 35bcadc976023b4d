using System.Diagnostics;
using System.Net.Http.Json;

namespace OrderFulfillment.Benchmarks;

/// <summary>A product's stock as <c>GET /inventory/{productId}</c> shows it.</summary>
internal sealed record StockView(string ProductId, int Available, int Reserved, int Shipped);

/// <summary>
/// One product's conservation check: nothing created or lost, and exactly the completed orders shipped.
/// </summary>
internal sealed record StockCheck(string ProductId, int Initial, int Available, int Reserved, int Shipped,
    int ExpectedShipped)
{
    public bool Conserved => Reserved == 0 && Available + Reserved + Shipped == Initial && Shipped == ExpectedShipped;
}

/// <summary>Seeds and checks the scenario's products through the inventory API.</summary>
internal sealed class StockLedger(HttpClient inventory)
{
    // Releases after cancellations and shipments after completions are asynchronous; they may trail the final event.
    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(60);

    public async Task Seed(IReadOnlyDictionary<string, int> stock, CancellationToken cancellationToken)
    {
        foreach (var (productId, available) in stock)
        {
            using var response =
                await inventory.PutAsJsonAsync($"inventory/{productId}", new { available }, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Checks each product once nothing is reserved any more (or the settle deadline passed).</summary>
    public async Task<IReadOnlyList<StockCheck>> Check(IReadOnlyDictionary<string, int> initial,
        IReadOnlyDictionary<string, int> expectedShipped, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var checks = new List<StockCheck>();
            foreach (var (productId, units) in initial)
            {
                var stock = await inventory.GetFromJsonAsync<StockView>($"inventory/{productId}", cancellationToken)
                    ?? throw new InvalidOperationException($"No stock for {productId}.");
                checks.Add(new StockCheck(productId, units, stock.Available, stock.Reserved, stock.Shipped,
                    expectedShipped.GetValueOrDefault(productId)));
            }

            if (checks.All(c => c.Reserved == 0) || deadline.Elapsed > SettleDeadline)
            {
                return checks;
            }

            await Task.Delay(500, cancellationToken);
        }
    }
}
