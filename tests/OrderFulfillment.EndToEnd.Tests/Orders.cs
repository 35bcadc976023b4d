using System.Net;
using System.Net.Http.Json;
using OrderFulfillment.Orchestrator.Api;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>Drives the orders API as a client would.</summary>
internal static class Orders
{
    public static readonly TimeSpan FinalStateDeadline = TimeSpan.FromMinutes(4);

    public static object Body(string productId, int quantity = 1, decimal unitPriceUsd = 10m,
        string customerId = "customer-1") => new
    {
        customerId,
        tenantId = Platform.Tenant,
        items = new[] { new { productId, quantity, unitPriceUsd } },
        shippingAddressId = "address-1",
    };

    public static async Task<HttpResponseMessage> Post(object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(OrderEndpoints.IdempotencyKeyHeader, idempotencyKey);
        }

        return await Platform.Orders.SendAsync(request);
    }

    /// <summary>Submits an order that must be accepted, and returns its id.</summary>
    public static async Task<Guid> Place(object body, string? idempotencyKey = null)
    {
        using var response = await Post(body, idempotencyKey);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<OrderAccepted>();
        response.Headers.Location.Should().Be(new Uri($"/orders/{accepted!.OrderId}", UriKind.Relative));
        return accepted.OrderId;
    }

    /// <summary>The customer's <c>POST /orders/{id}/cancel</c>.</summary>
    public static Task<HttpResponseMessage> Cancel(Guid orderId) =>
        Platform.Orders.PostAsync($"/orders/{orderId}/cancel", content: null);

    public static async Task<OrderView> Get(Guid orderId)
    {
        var order = await Platform.Orders.GetFromJsonAsync<OrderView>($"/orders/{orderId}");
        return order!;
    }

    /// <summary>Polls the order until its saga is Completed or Cancelled.</summary>
    public static async Task<OrderView> WaitForFinalState(Guid orderId)
    {
        using var deadline = new CancellationTokenSource(FinalStateDeadline);
        while (true)
        {
            var order = await Get(orderId);
            if (order.State is "Completed" or "Cancelled")
            {
                return order;
            }

            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Order {orderId} still {order.State} after {FinalStateDeadline}.");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }
}
