using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.Orchestrator.Reconciliation;
using OrderFulfillment.ServiceDefaults.Auth;
using OrderFulfillment.ServiceDefaults.Operations;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>
/// Reconciliation on the whole platform: the orchestrator asks the three workers' ledger endpoints over HTTP and
/// compares with the sagas. Orders that finish normally reconcile; a ledger changed behind the platform's back (in
/// the worker's own database, as a bug or a manual fix would) is reported, and resolved once it agrees again.
/// </summary>
public sealed class ReconciliationTests
{
    private static ReconciliationJob Job => Platform.OrdersServices.GetRequiredService<ReconciliationJob>();

    [Test]
    [CancelAfter(300_000)]
    public async Task Orders_that_complete_and_cancel_normally_reconcile_without_mismatches()
    {
        var product = await StockLevel.NewProduct(1);
        var completed = await Orders.Place(Orders.Body(product));
        (await Orders.WaitForFinalState(completed)).State.Should().Be("Completed");
        var cancelled = await Orders.Place(Orders.Body(product)); // the one unit is gone
        (await Orders.WaitForFinalState(cancelled)).State.Should().Be("Cancelled");
        await StockLevel.Becomes(new StockLevel(product, 0, 0, 1));

        await ReconcileUntilChecked(completed, cancelled);

        var found = await Mismatches("status=all&limit=500");
        found.Items.Should().NotContain(m => m.OrderId == completed || m.OrderId == cancelled);
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task A_ledger_that_disagrees_is_reported_with_what_each_ledger_said_and_resolved_when_it_agrees_again()
    {
        var product = await StockLevel.NewProduct(1);
        var completed = await Orders.Place(Orders.Body(product));
        (await Orders.WaitForFinalState(completed)).State.Should().Be("Completed");
        var cancelled = await Orders.Place(Orders.Body(product, unitPriceUsd: 7m));
        (await Orders.WaitForFinalState(cancelled)).State.Should().Be("Cancelled");
        await StockLevel.Becomes(new StockLevel(product, 0, 0, 1));

        // A charge recorded for the cancelled order, and the completed order's shipment cancelled, in the workers' own
        // databases.
        await Execute("payments", $"""
            INSERT INTO payments ("OrderId", "CustomerId", "AmountUsd", "Status", "CreatedAt", "UpdatedAt")
            VALUES ('{cancelled}', 'customer-1', 7, 'Charged', now(), now())
            """);
        await Execute("shipping",
            $"""UPDATE shipments SET "Status" = 'Cancelled', "CancelledAt" = now() WHERE "OrderId" = '{completed}'""");
        await ReconcileUntilChecked(completed, cancelled);

        var open =
            (await Mismatches("limit=500")).Items.Where(m => m.OrderId == completed || m.OrderId == cancelled).ToList();
        open.Select(m => (m.OrderId, m.Rule)).Should().BeEquivalentTo(
            [(cancelled, ReconciliationRules.CancelledCharged), (completed, ReconciliationRules.CompletedNotShipped)]);
        var charged = open.Single(m => m.OrderId == cancelled);
        charged.Should().BeEquivalentTo(new { TenantId = Platform.Tenant, Outcome = "Cancelled",
            CancellationReason = "out_of_stock", ResolvedAt = (DateTimeOffset?)null });
        charged.Ledgers.Should().BeEquivalentTo(new[]
        {
            new LedgerFact("Inventory", "Rejected", 0, null, null),
            new LedgerFact("Payments", "Charged", null, 7m, null),
            new LedgerFact("Shipping", null, null, null, null),
        });
        (await Mismatches($"rule={ReconciliationRules.CancelledCharged}&limit=500")).Items.Should()
            .Contain(m => m.OrderId == cancelled)
            .And.OnlyContain(m => m.Rule == ReconciliationRules.CancelledCharged);
        var summary = await Platform.Orders.GetFromJsonAsync<ReconciliationSummary>("/operations/reconciliation");
        summary!.Rules.Single(r => r.Rule == ReconciliationRules.CancelledCharged).Open.Should().BePositive();
        await Job.CountOpenAsync(CancellationToken.None);
        (await Scrape())
            .Should().MatchRegex(
                $"orderfulfillment_reconciliation_mismatches\\{{[^}}]*" +
                $"rule=\"{ReconciliationRules.CancelledCharged}\"[^}}]*\\}} [1-9]");

        await Execute("payments", $"""UPDATE payments SET "Status" = 'Refunded' WHERE "OrderId" = '{cancelled}'""");
        await Execute("shipping",
            $"""UPDATE shipments SET "Status" = 'Created', "CancelledAt" = NULL WHERE "OrderId" = '{completed}'""");
        (await Job.RunOnceAsync(CancellationToken.None)).Should().BeTrue();

        (await Mismatches("limit=500")).Items.Should()
            .NotContain(m => m.OrderId == completed || m.OrderId == cancelled);
        (await Mismatches("status=resolved&limit=500"))
            .Items.Where(m => m.OrderId == completed || m.OrderId == cancelled)
            .Should().HaveCount(2).And.OnlyContain(m => m.ResolvedAt != null);
    }

    [Test]
    public async Task The_workers_answer_their_consumers_and_ledgers_to_the_operate_scope_only()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ConsumerStatusEndpoint.Path);
        request.Headers.Authorization = TestTokens.Bearer(Platform.Tenant, PlatformScopes.OrdersRead,
            PlatformScopes.OrdersWrite, PlatformScopes.StockWrite);
        using var forbidden = await Platform.Inventory.SendAsync(request);
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var ledger = new HttpRequestMessage(HttpMethod.Post,
            OrderLedgerEndpoint.Path) { Content = JsonContent.Create(new OrderLedgerRequest([Guid.NewGuid()])) };
        ledger.Headers.Authorization = TestTokens.Bearer(Platform.Tenant, PlatformScopes.OrdersRead);
        (await Platform.Payments.SendAsync(ledger)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var status = await Platform.Inventory.GetFromJsonAsync<ConsumerStatus>(ConsumerStatusEndpoint.Path);
        status!.Partitions.Select(p => p.Topic)
            .Should().Contain(OrderFulfillment.Contracts.Topics.ReserveInventory.Name);
        var overview = await Platform.Orders.GetFromJsonAsync<ConsumerOverview>(ConsumerStatusEndpoint.Path);
        overview!.Services.Should().HaveCount(4)
            .And.OnlyContain(s => s.Reachable && s.Partitions.Count > 0, "every service answers through its own URL");
    }

    /// <summary>Runs the job until its watermark has passed every one of <paramref name="orders"/>.</summary>
    private static async Task ReconcileUntilChecked(params Guid[] orders)
    {
        var lastUpdate = (await Task.WhenAll(orders.Select(Orders.Get))).Max(o => o.UpdatedAt!.Value);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            await Job.RunOnceAsync(deadline.Token);
            var summary = await Platform.Orders.GetFromJsonAsync<ReconciliationSummary>("/operations/reconciliation",
                deadline.Token);
            summary!.LastError.Should().BeNull();
            if (summary.CheckedUpTo >= lastUpdate)
            {
                return;
            }

            // The orders must settle (Reconciliation:SettleTime) before a run takes them.
            await Task.Delay(500, deadline.Token);
        }
    }

    private static async Task<MismatchPage> Mismatches(string query) =>
        (await Platform.Orders.GetFromJsonAsync<MismatchPage>($"/operations/reconciliation/mismatches?{query}"))!;

    private static async Task<string> Scrape() => await Platform.Orders.GetStringAsync("/metrics");

    private static async Task Execute(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(Platform.ConnectionStrings[database]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        (await command.ExecuteNonQueryAsync()).Should().Be(1, sql);
    }
}
