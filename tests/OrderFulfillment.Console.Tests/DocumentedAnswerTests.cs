using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrderFulfillment.Console.Tests;

/// <summary>
/// The Consumers and Reconciliation views against the answers docs/operations.md documents for
/// <c>GET /operations/consumers</c> and <c>/operations/reconciliation</c>: the browser gets those answers from the
/// test (Playwright's routing) instead of the orchestrator, because this branch's orchestrator does not serve them
/// yet. Replace the routes by the real endpoints once they are merged.
/// </summary>
public sealed class DocumentedAnswerTests : ConsoleTest
{
    private const string Consumers = """
        {"services": [
          {"service": "Orchestrator", "reachable": true, "error": null, "instance": "host-a/4100", "at": "2026-11-29T07:40:02Z",
           "partitions": [{"groupId": "orchestrator.inventory.stock.reserved", "topic": "inventory.stock.reserved", "partition": 1,
             "committedOffset": 80, "position": 80, "highWatermark": 80, "lag": 0, "pending": 0, "oldestPending": null}]},
          {"service": "Inventory", "reachable": true, "error": null, "instance": "host-a/4121", "at": "2026-11-29T07:40:02Z",
           "partitions": [{"groupId": "inventory.inventory.stock.reserve", "topic": "inventory.stock.reserve", "partition": 3,
             "committedOffset": 1200, "position": 1207, "highWatermark": 1250, "lag": 50, "pending": 7,
             "oldestPending": {"key": "0b9d6d9e-5c1e-4f0e-9a53-3c1b1f6f7a10", "offset": 1200, "ageSeconds": 48.2, "attempts": 6,
               "lastErrorType": "Npgsql.NpgsqlException", "lastErrorMessage": "Exception while connecting"}}]},
          {"service": "Payments", "reachable": false, "error": "no answer within 10 s", "instance": null, "at": null, "partitions": []}
        ]}
        """;

    private const string Reconciliation = """
        {"lastRunAt": "2026-11-29T07:41:00Z", "lastRunOrders": 200, "ordersChecked": 48210, "checkedUpTo": "2026-11-29T07:38:57Z",
         "lastError": null, "lastErrorAt": null, "interval": "00:01:00", "settleTime": "00:02:00", "open": 1,
         "rules": [{"rule": "cancelled_charged", "description": "A cancelled order is not charged, or its charge was refunded.", "open": 1},
                   {"rule": "completed_not_shipped", "description": "A completed order was shipped once.", "open": 0}]}
        """;

    private const string Mismatches = """
        {"items": [{"id": 17, "orderId": "5f0c2a8e-0d7b-4d8e-9a53-3c1b1f6f7a11", "tenantId": "demo", "rule": "cancelled_charged",
           "description": "A cancelled order is not charged, or its charge was refunded.", "outcome": "Cancelled", "cancellationReason": "out_of_stock",
           "detail": "payments has a standing charge of 7 USD",
           "ledgers": [{"service": "Inventory", "status": "Rejected", "units": 0, "amountUsd": null, "trackingNumber": null},
                       {"service": "Payments", "status": "Charged", "units": null, "amountUsd": 7, "trackingNumber": null},
                       {"service": "Shipping", "status": null, "units": null, "amountUsd": null, "trackingNumber": null}],
           "firstSeenAt": "2026-11-29T07:41:00Z", "lastCheckedAt": "2026-11-29T07:41:00Z", "resolvedAt": null}], "next": null}
        """;

    [Test]
    public async Task The_consumers_view_explains_a_held_back_partition_and_names_an_unreachable_service()
    {
        await Answer("**/operations/consumers", Consumers);
        await Open("#/consumers");

        var held = Page.Locator("section[data-service='Inventory'] tr[data-topic='inventory.stock.reserve'][data-partition='3']");
        await Expect(held).ToContainTextAsync("held back at offset 1200");
        await Expect(held).ToContainTextAsync("0b9d6d9e-5c1e-4f0e-9a53-3c1b1f6f7a10");
        await Expect(held).ToContainTextAsync("6 attempts");
        await Expect(held).ToContainTextAsync("Npgsql.NpgsqlException: Exception while connecting");
        await Expect(held.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "#/order/0b9d6d9e-5c1e-4f0e-9a53-3c1b1f6f7a10");
        await Expect(Page.Locator("section[data-service='Payments']")).ToContainTextAsync("Not reachable: no answer within 10 s.");
        await Screenshot("consumers");
    }

    [Test]
    public async Task The_reconciliation_view_shows_the_last_run_and_each_mismatch_with_every_ledger()
    {
        await Answer("**/operations/reconciliation", Reconciliation);
        await Answer("**/operations/reconciliation/mismatches?*", Mismatches);
        await Open("#/reconciliation");

        await Expect(Page.Locator("#reconciliation-summary")).ToContainTextAsync("checked 200 orders (48210 in all");
        var mismatch = Page.Locator("#mismatches tr[data-order='5f0c2a8e-0d7b-4d8e-9a53-3c1b1f6f7a11']");
        await Expect(mismatch).ToContainTextAsync("cancelled_charged");
        await Expect(mismatch).ToContainTextAsync("Cancelled (out_of_stock)");
        await Expect(mismatch).ToContainTextAsync("Payments: Charged, 7 USD");
        await Expect(mismatch).ToContainTextAsync("Shipping: no record");
        await Screenshot("reconciliation");
    }

    private async Task Answer(string url, string json) =>
        await Page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = json }));
}
