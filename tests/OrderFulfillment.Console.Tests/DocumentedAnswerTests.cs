using System.Text.Json;
using Microsoft.Playwright;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.Orchestrator.Reconciliation;
using static Microsoft.Playwright.Assertions;

namespace OrderFulfillment.Console.Tests;

/// <summary>
/// What the Consumers and Reconciliation views show for states this platform cannot produce on demand: a partition
/// held back behind a failing record, and a ledger that disagrees with its saga. The browser gets the answers from
/// the test (Playwright's routing), written as the orchestrator's own records and serialized as it serializes them,
/// so they cannot drift from what the endpoints answer. ConsumersViewTests and ReconciliationViewTests drive the
/// same views against the real endpoints.
/// </summary>
public sealed class DocumentedAnswerTests : ConsoleTest
{
    private static readonly Guid HeldOrder = Guid.Parse("0b9d6d9e-5c1e-4f0e-9a53-3c1b1f6f7a10");
    private static readonly Guid ChargedOrder = Guid.Parse("5f0c2a8e-0d7b-4d8e-9a53-3c1b1f6f7a11");
    private static readonly DateTimeOffset At = new(2026, 11, 29, 7, 41, 0, TimeSpan.Zero);

    private static readonly ConsumerOverview Consumers = new(
    [
        new ServiceConsumers("Orchestrator", true, null, "host-a/4100", At,
            [new KafkaPartitionStatus("orchestrator.inventory.stock.reserved", "inventory.stock.reserved", 1, 80, 80,
                80, 0, 0, null)]),
        new ServiceConsumers("Inventory", true, null, "host-a/4121", At,
        [
            new KafkaPartitionStatus("inventory.inventory.stock.reserve", "inventory.stock.reserve", 3, 1200, 1207,
                1250, 50, 7, new KafkaPendingRecord(HeldOrder.ToString(), 1200, 48.2, 6, "Npgsql.NpgsqlException",
                    "Exception while connecting")),
        ]),
        new ServiceConsumers("Payments", false, "no answer within 10 s", null, null, []),
    ]);

    private static readonly ReconciliationSummary Reconciliation = new(At, 200, 48210, At.AddMinutes(-2), null, null,
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), 1,
        [
            new RuleCount(ReconciliationRules.CancelledCharged,
                ReconciliationRules.All[ReconciliationRules.CancelledCharged], 1),
            new RuleCount(ReconciliationRules.CompletedNotShipped,
                ReconciliationRules.All[ReconciliationRules.CompletedNotShipped], 0),
        ]);

    private static readonly MismatchPage Mismatches = new(
    [
        new MismatchView(17, ChargedOrder, "demo", ReconciliationRules.CancelledCharged,
            ReconciliationRules.All[ReconciliationRules.CancelledCharged], "Cancelled", "out_of_stock",
            "payments has a standing charge of 7 USD",
            [
                new LedgerFact("Inventory", "Rejected", 0, null, null),
                new LedgerFact("Payments", "Charged", null, 7m, null),
                new LedgerFact("Shipping", null, null, null, null),
            ],
            At, At, null),
    ], null);

    [Test]
    public async Task The_consumers_view_explains_a_held_back_partition_and_names_an_unreachable_service()
    {
        await Answer("**/operations/consumers", Consumers);
        await Open("#/consumers");

        var held = Page.Locator(
            "section[data-service='Inventory'] tr[data-topic='inventory.stock.reserve'][data-partition='3']");
        await Expect(held).ToContainTextAsync("held back at offset 1200");
        await Expect(held).ToContainTextAsync(HeldOrder.ToString());
        await Expect(held).ToContainTextAsync("6 attempts");
        await Expect(held).ToContainTextAsync("Npgsql.NpgsqlException: Exception while connecting");
        await Expect(held.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"#/order/{HeldOrder}");
        await Expect(Page.Locator("section[data-service='Payments']"))
            .ToContainTextAsync("Not reachable: no answer within 10 s.");
        await Screenshot("consumers");
    }

    [Test]
    public async Task The_reconciliation_view_shows_the_last_run_and_each_mismatch_with_every_ledger()
    {
        await Answer("**/operations/reconciliation", Reconciliation);
        await Answer("**/operations/reconciliation/mismatches?*", Mismatches);
        await Open("#/reconciliation");

        await Expect(Page.Locator("#reconciliation-summary")).ToContainTextAsync("checked 200 orders (48210 in all");
        var mismatch = Page.Locator($"#mismatches tr[data-order='{ChargedOrder}']");
        await Expect(mismatch).ToContainTextAsync(ReconciliationRules.CancelledCharged);
        await Expect(mismatch).ToContainTextAsync("Cancelled (out_of_stock)");
        await Expect(mismatch).ToContainTextAsync("Payments: Charged, 7 USD");
        await Expect(mismatch).ToContainTextAsync("Shipping: no record");
        await Screenshot("reconciliation");
    }

    /// <summary>
    /// Answers <paramref name="url"/> with <paramref name="answer"/> serialized as ASP.NET Core does (web defaults).
    /// </summary>
    private async Task Answer<T>(string url, T answer) =>
        await Page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "application/json",
            Body = JsonSerializer.Serialize(answer, JsonSerializerOptions.Web),
        }));
}
