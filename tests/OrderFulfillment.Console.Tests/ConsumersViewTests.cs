using OrderFulfillment.Contracts;
using OrderFulfillment.EndToEnd.Tests;
using static Microsoft.Playwright.Assertions;

namespace OrderFulfillment.Console.Tests;

/// <summary>The Consumers view against the orchestrator's real <c>GET /operations/consumers</c>.</summary>
public sealed class ConsumersViewTests : ConsoleTest
{
    [Test]
    public async Task Every_running_service_shows_its_partitions_and_the_missing_inventory_is_named_unreachable()
    {
        await Open("#/consumers");

        // Payments and shipping each run one instance, so each owns every partition of the topics it consumes.
        var charge = Page.Locator($"section[data-service='Payments'] tr[data-topic='{Topics.ChargePayment.Name}']");
        await Expect(charge).ToHaveCountAsync(Topics.ChargePayment.Partitions);
        var create = Page.Locator($"section[data-service='Shipping'] tr[data-topic='{Topics.CreateShipment.Name}']");
        await Expect(create).ToHaveCountAsync(Topics.CreateShipment.Partitions);
        var reserved =
            Page.Locator($"section[data-service='Orchestrator'] tr[data-topic='{Topics.InventoryReserved.Name}']");
        await Expect(reserved).ToHaveCountAsync(Topics.InventoryReserved.Partitions);
        await Expect(Page.Locator("section[data-service='Payments']")).ToContainTextAsync("Reported by");

        // The hub asked the inventory's address and nothing answered: the section says so instead of staying empty.
        await Expect(Page.Locator("section[data-service='Inventory']"))
            .ToContainTextAsync(
                $"Not reachable: No worker answers at {WorkerRouting.Url("Inventory")}operations/consumers");
    }
}
