using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// An order as submitted: its id if the API accepted it, and the client's clock just before the POST.
/// </summary>
internal sealed record SubmittedOrder(PlannedOrder Plan, Guid? OrderId, DateTimeOffset SubmittedAt, string? Error);

/// <summary>
/// What the client did: each order, how long submitting took, and how far it fell behind a paced schedule.
/// </summary>
internal sealed record Submission(IReadOnlyList<SubmittedOrder> Orders, TimeSpan Duration, TimeSpan MaxScheduleLag);

/// <summary>
/// Submits orders through <c>POST /orders</c>, as fast as bounded concurrency allows or on a fixed schedule.
/// </summary>
internal sealed class OrderSubmitter(HttpClient orchestrator)
{
    /// <summary>Requests in flight during a burst; the HTTP handler allows as many connections.</summary>
    public const int BurstConcurrency = 64;

    public async Task<Submission> Burst(IReadOnlyList<PlannedOrder> orders, CancellationToken cancellationToken)
    {
        var submitted = new SubmittedOrder[orders.Count];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(orders,
            new ParallelOptions { MaxDegreeOfParallelism = BurstConcurrency, CancellationToken = cancellationToken },
            async (order, token) => submitted[order.Index] = await Submit(order, token));
        return new Submission(submitted, clock.Elapsed, TimeSpan.Zero);
    }

    /// <summary>
    /// Order i is sent at start + i / rate whatever the earlier ones are doing (an open workload), so a slow platform
    /// shows up as latency instead of silently lowering the offered rate.
    /// </summary>
    public async Task<Submission> Paced(IReadOnlyList<PlannedOrder> orders, int ordersPerSecond,
        CancellationToken cancellationToken)
    {
        var inFlight = new List<Task<SubmittedOrder>>(orders.Count);
        var maxLag = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        foreach (var order in orders)
        {
            var due = TimeSpan.FromSeconds((double)order.Index / ordersPerSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            maxLag = TimeSpan.FromTicks(Math.Max(maxLag.Ticks, (clock.Elapsed - due).Ticks));
            inFlight.Add(Submit(order, cancellationToken));
        }

        var submitted = await Task.WhenAll(inFlight);
        return new Submission(submitted, clock.Elapsed, maxLag);
    }

    private async Task<SubmittedOrder> Submit(PlannedOrder order, CancellationToken cancellationToken)
    {
        var submittedAt = DateTimeOffset.UtcNow;
        try
        {
            using var response = await orchestrator.PostAsJsonAsync("orders", new
            {
                customerId = $"bench-customer-{order.Index % 100}",
                items = new[] { new { productId = order.ProductId, quantity = order.Quantity,
                    unitPriceUsd = order.UnitPriceUsd } },
                shippingAddressId = "bench-address",
            }, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                return new SubmittedOrder(order, null, submittedAt,
                    $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
            }

            var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return new SubmittedOrder(order, accepted.GetProperty("orderId").GetGuid(), submittedAt, null);
        }
        catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException)
            && !cancellationToken.IsCancellationRequested)
        {
            return new SubmittedOrder(order, null, submittedAt, ex.Message);
        }
    }
}
