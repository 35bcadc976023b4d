using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderFulfillment.AppHost;

/// <summary>
/// <c>--demo</c>: submits a few orders that end differently (completed, out of stock, declined, a retried
/// submission) and prints each state change as the saga reports it, until every order has finished.
/// </summary>
internal static class DemoOrders
{
    private static readonly (string Label, string ProductId, int Quantity, decimal Price,
        string? IdempotencyKey)[] Mix =
    [
        ("two bags of coffee", "sku-coffee-beans", 2, 14.50m, null),
        ("a mug", "sku-mug", 1, 9.00m, "demo-mug"),
        ("the same mug again (same Idempotency-Key)", "sku-mug", 1, 9.00m, "demo-mug"),
        ("ten kettles (only three in stock)", "sku-kettle", 10, 39.00m, null),
        ("an espresso machine (above the 5,000 USD limit)", "sku-espresso-machine", 1, 6_500.00m, null),
    ];

    public static async Task RunAsync(Uri orchestrator, AuthenticationHeaderValue client,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = orchestrator };
        http.DefaultRequestHeaders.Authorization = client;
        var run = Guid.NewGuid().ToString("N")[..6];
        var orders = new Dictionary<Guid, (string Label, string State)>();
        foreach (var (label, productId, quantity, price, key) in Mix)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
            {
                Content = JsonContent.Create(new
                {
                    customerId = "demo-customer",
                    tenantId = DevelopmentTokens.DemoTenant,
                    items = new[] { new { productId, quantity, unitPriceUsd = price } },
                    shippingAddressId = "demo-address",
                }),
            };
            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", $"{key}-{run}");
            }

            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var orderId = body.GetProperty("orderId").GetGuid();
            Console.WriteLine(
                $"[demo] {label}: {(int)response.StatusCode} order " +
                $"{orderId}{(orders.ContainsKey(orderId) ? " (the same order)" : string.Empty)}");
            orders.TryAdd(orderId, (label, string.Empty));
        }

        while (orders.Values.Any(o => o.State is not ("Completed" or "Cancelled")))
        {
            await Task.Delay(250, cancellationToken);
            foreach (var (orderId, (label, state)) in orders.ToList())
            {
                var order = await http.GetFromJsonAsync<JsonElement>($"/orders/{orderId}", cancellationToken);
                var current = order.GetProperty("state").GetString()!;
                if (current != state)
                {
                    var reason = order.GetProperty("cancellationReason").GetString();
                    Console.WriteLine($"[demo] {label}: {current}{(reason is null ? string.Empty : $" ({reason})")}");
                    orders[orderId] = (label, current);
                }
            }
        }

        Console.WriteLine(
            $"[demo] all {orders.Count} orders finished; see GET {orchestrator}orders/{{orderId}} for each one's " +
            $"journal.");
    }
}
