using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrderFulfillment.Console.Tests;

public sealed class OrderViewTests : ConsoleTest
{
    [Test]
    public async Task A_stuck_order_explains_itself_from_the_graph_to_its_timeline()
    {
        var orderId = await Orders.PlaceWaiting();
        await Open("#/saga");

        // The operator sees Placed breaching, opens the state, and follows the order listed there.
        await Page.Locator("#saga-graph g[data-state='Placed']").ClickAsync();
        await Page.Locator($"#state-detail tr[data-order='{orderId}'] a").ClickAsync();

        await Expect(Page.Locator("[data-field='state']")).ToHaveTextAsync("Placed");
        await Expect(Page.Locator("[data-field='waits-for']")).ToContainTextAsync("InventoryReserved");
        var placed = Page.Locator("#timeline tr[data-event='OrderPlaced']");
        await Expect(placed).ToContainTextAsync("Initial → Placed");
        await Expect(placed).ToContainTextAsync("orders.order.placed [");
        // What it waits on was sent, and where to: the reservation the inventory service has not answered.
        await Expect(placed).ToContainTextAsync("ReserveInventory → inventory.stock.reserve");
        await Expect(placed.Locator("td").Nth(7))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{32}$"));
        await Screenshot("order");
    }

    [Test]
    public async Task An_impossible_action_is_refused_with_the_reason_and_a_possible_one_is_taken()
    {
        var orderId = await Orders.PlaceWaiting();
        await Open($"#/order/{orderId}");
        await Expect(Page.Locator("[data-field='state']")).ToHaveTextAsync("Placed");

        await Act("cancel", "the customer phoned support");
        await Expect(Action("cancel").GetByRole(AriaRole.Status)).ToContainTextAsync("Accepted in Placed");
        // The page follows the order to Cancelled by itself, and shows who cancelled it and why.
        await Expect(Page.Locator("[data-field='state']")).ToHaveTextAsync("Cancelled");
        await Expect(Page.Locator("#timeline")).ToContainTextAsync("test: the customer phoned support");

        await Act("retry", "try the reservation again");
        var refusal = Action("retry").GetByRole(AriaRole.Alert);
        await Expect(refusal).ToContainTextAsync("Refused (409");
        await Expect(refusal).ToContainTextAsync(
            $"Order {orderId} is Cancelled: it is finished, and a Cancelled order does not act on RetryOrderStep.");
        await Screenshot("order-refused");
    }

    private ILocator Action(string action) => Page.Locator($"form[data-action='{action}']").Locator("..");

    private async Task Act(string action, string note)
    {
        var form = Page.Locator($"form[data-action='{action}']");
        await form.GetByLabel("Note (why, required)").FillAsync(note);
        await form.GetByRole(AriaRole.Button).ClickAsync();
    }
}
