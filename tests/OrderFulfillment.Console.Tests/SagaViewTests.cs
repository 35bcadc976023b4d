using System.Globalization;
using Microsoft.Playwright;

namespace OrderFulfillment.Console.Tests;

public sealed class SagaViewTests : ConsoleTest
{
    [Test]
    public async Task The_graph_shows_live_counts_of_orders_waiting_in_a_state()
    {
        await Open("#/saga");
        var placedCount = Page.Locator("#saga-figures tr[data-state='Placed'] td:nth-child(3)");
        // Counted from the second refresh on: an order an earlier test moved a moment ago is then counted where it is.
        var refreshed = Page.Locator("[data-poll-status]");
        await Assertions.Expect(refreshed).ToContainTextAsync("Updated");
        await Assertions.Expect(refreshed).Not.ToHaveTextAsync(await refreshed.InnerTextAsync());
        var before = int.Parse(await placedCount.InnerTextAsync(), CultureInfo.InvariantCulture);

        var placed = new[] { await Orders.PlaceWaiting(), await Orders.PlaceWaiting() };

        // No reload: the page's own refresh brings the new count into the table and into the graph's Placed node.
        await Page.WaitForFunctionAsync(
            "min => Number(document.querySelector(\"#saga-figures tr[data-state='Placed'] " +
            "td:nth-child(3)\").textContent) >= min", before + 2);
        var shown = await placedCount.InnerTextAsync();
        await Assertions.Expect(Page.Locator("#saga-graph g[data-state='Placed'] text[data-line='0']"))
            .ToHaveTextAsync($"{shown} orders");
        // Each is past Placed's one-second dwell limit: listed as breaching, and the node says so in words.
        foreach (var orderId in placed)
        {
            await Assertions.Expect(Page.Locator($"#breaching tr[data-order='{orderId}']")).ToBeVisibleAsync();
        }

        await Assertions.Expect(Page.Locator("#saga-graph g[data-state='Placed'] text[data-line='2']"))
            .ToContainTextAsync("⚠");
        await Assertions.Expect(Page.Locator("#saga-graph g[data-state='Completed']")).ToBeVisibleAsync();
        await Screenshot("saga");
    }
}
