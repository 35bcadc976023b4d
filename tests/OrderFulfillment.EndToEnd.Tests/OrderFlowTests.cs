using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>Orders through the HTTP API, across all four services, to their final state.</summary>
public sealed class OrderFlowTests
{
    [Test]
    public async Task An_order_in_stock_is_reserved_charged_shipped_and_completed_with_its_journal()
    {
        var product = await StockLevel.NewProduct(10);

        var orderId = await Orders.Place(Orders.Body(product, quantity: 2, unitPriceUsd: 12.5m));
        var order = await Orders.WaitForFinalState(orderId);

        order.State.Should().Be("Completed");
        order.TotalUsd.Should().Be(25m);
        order.TrackingNumber.Should().NotBeNullOrEmpty();
        order.History.Select(h => (h.FromState, h.ToState)).Should().ContainInOrder(
            ("Initial", "Placed"), ("Placed", "InventoryReserved"), ("AwaitingShipment", "Completed"));
        order.History.Should().OnlyContain(h => h.Topic != null && h.Offset >= 0 && h.MessageId != null);
        order.History[0].Sent.Should()
            .ContainSingle(s => s.Type == "ReserveInventory" && s.Topic == "inventory.stock.reserve");
        order.History.Select(h => h.TraceId).Distinct()
            .Should().ContainSingle("the whole saga continues the trace of the HTTP request")
            .Which.Should().NotBeNullOrEmpty();

        await StockLevel.Becomes(new StockLevel(product, Available: 8, Reserved: 0, Shipped: 2));
        (await Payment(orderId)).GetProperty("status").GetString().Should().Be("Charged");
        (await Platform.Shipping.GetAsync($"/shipments/{orderId}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task An_order_short_of_stock_is_cancelled_as_out_of_stock_and_nothing_is_charged()
    {
        var product = await StockLevel.NewProduct(1);

        var order = await Orders.WaitForFinalState(await Orders.Place(Orders.Body(product, quantity: 2)));

        order.State.Should().Be("Cancelled");
        order.CancellationReason.Should().Be("out_of_stock");
        (await StockLevel.Of(product)).Should().Be(new StockLevel(product, 1, 0, 0));
        (await Platform.Payments.GetAsync($"/payments/{order.OrderId}")).StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_declined_payment_cancels_the_order_and_restores_the_stock()
    {
        var product = await StockLevel.NewProduct(5);

        var order =
            await Orders.WaitForFinalState(await Orders.Place(Orders.Body(product, quantity: 1, unitPriceUsd: 6_000m)));

        order.State.Should().Be("Cancelled");
        order.CancellationReason.Should().Be("payment_failed");
        order.History.Should().Contain(h => h.Sent.Any(s => s.Type == "ReleaseInventory"));
        await StockLevel.Becomes(new StockLevel(product, Available: 5, Reserved: 0, Shipped: 0));
        (await Payment(order.OrderId)).GetProperty("status").GetString().Should().Be("Declined");
    }

    [Test]
    public async Task Resubmitting_with_the_same_idempotency_key_returns_the_same_order_and_a_different_body_conflicts()
    {
        var product = await StockLevel.NewProduct(10);
        var key = "key-" + Guid.NewGuid();
        var body = Orders.Body(product, quantity: 1);

        var first = await Orders.Place(body, key);
        var second = await Orders.Place(body, key);
        using var conflict = await Orders.Post(Orders.Body(product, quantity: 3), key);
        await Orders.WaitForFinalState(first);
        var third = await Orders.Place(body, key);

        second.Should().Be(first);
        third.Should().Be(first);
        conflict.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await conflict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()
            .Should().Be("Idempotency-Key reused");
        await StockLevel.Becomes(new StockLevel(product, Available: 9, Reserved: 0, Shipped: 1));
    }

    private static async Task<JsonElement> Payment(Guid orderId) =>
        await Platform.Payments.GetFromJsonAsync<JsonElement>($"/payments/{orderId}");
}
