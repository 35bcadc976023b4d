using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrderFulfillment.Console.Tests;

public sealed class DeadLetterViewTests : ConsoleTest
{
    [Test]
    public async Task A_dead_letter_is_found_opened_and_replayed_and_the_order_completes()
    {
        var orderId = await Orders.PlaceWaiting();
        var messageId = await DeadLetters.ReservationReplyGivenUpOn(orderId);
        await DeadLetters.WaitUntilIndexed(orderId);
        await Open("#/dead-letters");

        var filters = Page.Locator("#dead-letter-filters");
        await filters.GetByLabel("Order id").FillAsync(orderId.ToString());
        await filters.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var row = Page.Locator($"#dead-letter-list tr[data-order='{orderId}']");
        await Expect(row).ToContainTextAsync("InventoryReserved");
        await Expect(Page.Locator("#dead-letter-groups")).ToContainTextAsync("inventory.stock.reserved");
        await row.GetByRole(AriaRole.Button).ClickAsync();

        var detail = Page.Locator("#dead-letter-detail");
        await Expect(detail).ToContainTextAsync(messageId.ToString());
        await Expect(detail).ToContainTextAsync("DeadLetter-Reason");
        await Expect(detail.Locator("[data-field='replay-verdict']")).ToContainTextAsync("allowed");
        await Screenshot("dead-letters");

        var replay = detail.Locator("form[data-action='replay']");
        await replay.GetByLabel("Note (why, required)")
            .FillAsync("the orchestrator's database was down; the reply is good");
        await replay.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(detail.Locator("h2")).ToContainTextAsync("(replayed)");
        await Expect(detail.Locator("[data-field='replay-verdict']")).ToContainTextAsync("refused");
        // A second replay makes no sense: refused, with the reason.
        var again = detail.Locator("form[data-action='replay']");
        await again.GetByLabel("Note (why, required)").FillAsync("once more");
        await again.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(detail.GetByRole(AriaRole.Alert)).ToContainTextAsync("Refused (409");

        // The replayed reply moves the order on: payment and shipment follow, and the timeline shows the replay's id.
        await detail.GetByRole(AriaRole.Link, new() { Name = orderId.ToString() }).ClickAsync();
        await Expect(Page.Locator("[data-field='state']")).ToHaveTextAsync("Completed");
        await Expect(Page.Locator("#timeline tr[data-event='InventoryReserved']"))
            .ToContainTextAsync(messageId.ToString());
    }
}
