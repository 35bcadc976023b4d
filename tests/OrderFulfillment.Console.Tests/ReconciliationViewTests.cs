using System.Net;
using OrderFulfillment.EndToEnd.Tests;
using OrderFulfillment.Orchestrator.Reconciliation;
using static Microsoft.Playwright.Assertions;

namespace OrderFulfillment.Console.Tests;

/// <summary>The Reconciliation view against the orchestrator's real reconciliation job and endpoints.</summary>
public sealed class ReconciliationViewTests : ConsoleTest
{
    [Test]
    public async Task A_run_that_cannot_read_a_ledger_says_which_and_why()
    {
        // A finished order gives the job something to check; its inventory ledger is unreachable on this platform.
        var orderId = await Orders.PlaceWaiting();
        using (var response = await Platform.Orders.PostAsync($"/orders/{orderId}/cancel", null))
        {
            response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        }

        await Orders.WaitForState(orderId, "Cancelled");
        await Open("#/reconciliation");

        var summary = Page.Locator("#reconciliation-summary");
        await Expect(summary).ToContainTextAsync("every 00:00:02, orders settled for 00:00:01");
        await Expect(summary.Locator(".error"))
            .ToContainTextAsync($"Inventory could not be read: No worker answers at {WorkerRouting.Url("Inventory")}");
        foreach (var rule in ReconciliationRules.All)
        {
            await Expect(summary).ToContainTextAsync(rule.Key);
        }
    }
}
