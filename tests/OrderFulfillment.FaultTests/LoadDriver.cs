using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderFulfillment.FaultTests;

/// <summary>
/// Submits a plan's orders through the HTTP API at a steady rate, as a client would: a submission that fails (the
/// orchestrator is down, the database is away) is retried with the same Idempotency-Key until it is accepted, so
/// every planned order is accepted exactly once whatever the fault.
/// </summary>
internal sealed class LoadDriver
{
    /// <summary>The tenant of every order the load submits.</summary>
    public const string Tenant = "tenant-fault";

    private static readonly TimeSpan SubmitDeadline = TimeSpan.FromMinutes(3);
    private readonly ConcurrentDictionary<int, Guid> _accepted = new();
    private readonly FaultPlatform _platform;
    private readonly LoadPlan _plan;

    private LoadDriver(FaultPlatform platform, LoadPlan plan)
    {
        _platform = platform;
        _plan = plan;
    }

    /// <summary>Order ids by plan index, as the API accepted them.</summary>
    public IReadOnlyDictionary<int, Guid> Accepted => _accepted;

    public int AcceptedCount => _accepted.Count;

    /// <summary>Completes when every planned order has been accepted.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Seeds the plan's stock, then starts submitting at <paramref name="ordersPerSecond"/> in the background.
    /// </summary>
    public static async Task<LoadDriver> StartAsync(FaultPlatform platform, LoadPlan plan, double ordersPerSecond,
        CancellationToken cancellationToken)
    {
        foreach (var (product, units) in plan.InitialStock)
        {
            using var response = await platform.Http.PutAsJsonAsync(new Uri(platform.InventoryUrl,
                $"/inventory/{product}"), new { available = units }, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        var driver = new LoadDriver(platform, plan);
        driver.Completion = driver.SubmitAll(ordersPerSecond, cancellationToken);
        return driver;
    }

    /// <summary>Waits until at least <paramref name="count"/> orders have been accepted.</summary>
    public async Task WaitForAcceptedAsync(int count, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(SubmitDeadline);
        while (_accepted.Count < count)
        {
            if (Completion.IsFaulted)
            {
                await Completion;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    private async Task SubmitAll(double ordersPerSecond, CancellationToken cancellationToken)
    {
        var start = DateTimeOffset.UtcNow;
        var submissions = new List<Task>();
        foreach (var order in _plan.Orders)
        {
            var due = start + TimeSpan.FromSeconds(order.Index / ordersPerSecond);
            var wait = due - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            submissions.Add(Submit(order, cancellationToken));
        }

        await Task.WhenAll(submissions);
    }

    private async Task Submit(PlannedOrder order, CancellationToken cancellationToken)
    {
        var body = new
        {
            customerId = $"customer-{order.Index % 37}",
            tenantId = Tenant,
            items = order.Lines.Select(l =>
                new { productId = l.ProductId, quantity = l.Quantity, unitPriceUsd = l.UnitPriceUsd }).ToArray(),
            shippingAddressId = $"address-{order.Index % 11}",
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(SubmitDeadline);
        string? lastFailure = null;
        for (var attempt = 0; !deadline.IsCancellationRequested; attempt++)
        {
            try
            {
                // Read the orders API's addresses each time: a restarted orchestrator listens on a new port, and
                // replicas come and go. Orders and their retries take turns over the replicas; the Idempotency-Key
                // makes a retry on another replica of an order the first one accepted return that order.
                var urls = _platform.OrdersUrls;
                using var request = new HttpRequestMessage(HttpMethod.Post,
                    new Uri(urls[(order.Index + attempt) % urls.Count], "/orders"))
                {
                    Content = JsonContent.Create(body),
                };
                request.Headers.Add("Idempotency-Key", order.IdempotencyKey);
                using var response = await _platform.Http.SendAsync(request, deadline.Token);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token);
                    _accepted[order.Index] = accepted.GetProperty("orderId").GetGuid();
                    return;
                }

                lastFailure = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(deadline.Token)}";
                if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
                {
                    throw new InvalidOperationException($"Order {order.IdempotencyKey} was refused with {lastFailure}");
                }
            }
            catch (HttpRequestException e)
            {
                lastFailure = e.Message;
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                lastFailure = "the request timed out";
            }

            try
            {
                await Task.Delay(250, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException(
            $"Order {order.IdempotencyKey} was not accepted within {SubmitDeadline}; last failure: {lastFailure}");
    }
}
