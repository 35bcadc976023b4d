using System.Net;
using System.Net.Http.Json;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.Orchestrator.Operations;

namespace OrderFulfillment.Console.Tests;

/// <summary>Places orders as a client would, and reads them as an operator.</summary>
internal static class Orders
{
    /// <summary>
    /// Places an order and waits until its saga has taken it: with no inventory service, it then waits in Placed.
    /// </summary>
    public static async Task<Guid> PlaceWaiting()
    {
        using var response = await Platform.Orders.PostAsJsonAsync("/orders", new
        {
            customerId = "customer-1",
            tenantId = Platform.Tenant,
            items = new[] { new { productId = "sku-console", quantity = 1, unitPriceUsd = 10m } },
            shippingAddressId = "address-1",
        });
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var orderId = (await response.Content.ReadFromJsonAsync<OrderAccepted>())!.OrderId;
        await WaitForState(orderId, "Placed");
        return orderId;
    }

    /// <summary>Polls the order's timeline until the saga has it in <paramref name="state"/>.</summary>
    public static async Task WaitForState(Guid orderId, string state)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while ((await Timeline(orderId)).State != state)
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Order {orderId} not {state} within 90 s.");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    public static async Task<OrderTimeline> Timeline(Guid orderId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/operations/orders/{orderId}/timeline");
        request.Headers.Authorization = new("Bearer", Platform.OperatorToken);
        using var response = await Platform.Orders.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<OrderTimeline>())!;
    }
}
