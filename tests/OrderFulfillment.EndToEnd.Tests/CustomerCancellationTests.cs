using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderFulfillment.Orchestrator.Api;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>
/// A customer cancels an order on the running platform: its stock comes back and nothing stays charged or shipped.
/// </summary>
public sealed class CustomerCancellationTests
{
    private const int Attempts = 5;
    private static readonly TimeSpan CompensationDeadline = TimeSpan.FromSeconds(120);

    [Test]
    public async Task An_order_cancelled_right_after_it_is_placed_gives_its_stock_back_and_keeps_no_charge()
    {
        // The platform may finish an order before its cancellation reaches the saga; the saga then rightly ignores it
        // (or the API refuses it). Every order must end consistent either way, and one cancelled order is needed: the
        // cancellation takes one hop, the order six, so the first attempt almost always wins the race.
        var cancelled = 0;
        for (var attempt = 0; attempt < Attempts && cancelled == 0; attempt++)
        {
            var product = await StockLevel.NewProduct(10);
            var orderId = await Orders.Place(Orders.Body(product, quantity: 3, unitPriceUsd: 7m));

            using var response = await Orders.Cancel(orderId);
            var order = await Orders.WaitForFinalState(orderId);

            if (order.State == "Completed")
            {
                response.StatusCode.Should().BeOneOf(HttpStatusCode.Accepted, HttpStatusCode.Conflict);
                await StockLevel.Becomes(new StockLevel(product, Available: 7, Reserved: 0, Shipped: 3));
                continue;
            }

            response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            (await response.Content.ReadFromJsonAsync<OrderCancellationAccepted>())!.OrderId.Should().Be(orderId);
            order.CancellationReason.Should().Be("customer_requested");
            TestContext.Out.WriteLine(
                $"Attempt {attempt + 1}: cancelled from " +
                $"{order.History.Single(h => h.EventType == "CancelOrder").FromState}.");
            await StockLevel.Becomes(new StockLevel(product, Available: 10, Reserved: 0, Shipped: 0));
            await NothingStaysCharged(order);
            await NothingShips(order);
            using var again = await Orders.Cancel(orderId);
            again.StatusCode.Should().Be(HttpStatusCode.Conflict);
            cancelled++;
        }

        cancelled.Should()
            .Be(1, $"one of {Attempts} orders cancelled right after they were placed must have been cancelled");
    }

    /// <summary>
    /// Without a refund requested no charge was ever requested; with one, the charge ends refunded or voided.
    /// </summary>
    private static async Task NothingStaysCharged(OrderView order)
    {
        if (!Sent(order, "RefundPayment"))
        {
            Sent(order, "ChargePayment").Should().BeFalse();
            (await Platform.Payments.GetAsync($"/payments/{order.OrderId}")).StatusCode.Should()
                .Be(HttpStatusCode.NotFound);
            return;
        }

        await Eventually.True(() => Status(Platform.Payments, $"/payments/{order.OrderId}")
            .Result is "Refunded" or "Voided", CompensationDeadline,
            $"the payment of order {order.OrderId} was refunded or voided");
    }

    private static async Task NothingShips(OrderView order)
    {
        if (!Sent(order, "CancelShipment"))
        {
            Sent(order, "CreateShipment").Should().BeFalse();
            return;
        }

        await Eventually.True(() => Status(Platform.Shipping, $"/shipments/{order.OrderId}").Result is "Cancelled",
            CompensationDeadline, $"the shipment of order {order.OrderId} was cancelled");
    }

    private static bool Sent(OrderView order, string type) => order.History.Any(h => h.Sent.Any(s => s.Type == type));

    /// <summary>The <c>status</c> of a payment or shipment; null while there is none.</summary>
    private static async Task<string?> Status(HttpClient service, string path)
    {
        using var response = await service.GetAsync(path);
        return response.StatusCode == HttpStatusCode.NotFound ? null
            : (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }
}
