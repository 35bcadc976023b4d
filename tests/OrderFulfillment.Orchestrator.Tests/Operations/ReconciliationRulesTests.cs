using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Contracts;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.Orchestrator.Reconciliation;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.Orchestrator.Tests.Api;
using OrderFulfillment.ServiceDefaults.Operations;

namespace OrderFulfillment.Orchestrator.Tests.Operations;

/// <summary>
/// The reconciliation job on the orchestrator's real database, with the workers stubbed at the HTTP level: every rule
/// is caught, an order not yet settled is left alone, a worker that cannot be read stops the run without judging, and
/// a mismatch that clears is resolved.
/// </summary>
public sealed class ReconciliationRulesTests
{
    private static readonly DateTimeOffset Settled = DateTimeOffset.UtcNow.AddMinutes(-10);

    private readonly StubWorkers _workers = new();
    private readonly ConcurrentDictionary<(string Service, Guid Order), OrderLedgerEntry> _ledgers = new();
    private OrchestratorApi _api = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await OrchestratorApi.Start(services =>
        {
            services.Configure<WorkerServicesOptions>(o =>
            {
                o.Inventory.Url = StubWorkers.UrlOf("Inventory");
                o.Payments.Url = StubWorkers.UrlOf("Payments");
                o.Shipping.Url = StubWorkers.UrlOf("Shipping");
                o.Token = "orchestrator-token";
            });
            services.Configure<ReconciliationOptions>(o =>
                (o.Interval, o.SettleTime) = (TimeSpan.FromHours(1), TimeSpan.FromMinutes(2)));
            services.AddHttpClient(nameof(WorkerServices)).ConfigurePrimaryHttpMessageHandler(() => _workers);
        });
        foreach (var service in WorkerServices.Names)
        {
            _workers.Hosts[service] = request => Ledger(service, request);
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _api.DisposeAsync();
        _workers.Dispose();
    }

    [Test]
    public async Task Every_rule_is_caught_an_unsettled_order_waits_and_a_mismatch_that_clears_is_resolved()
    {
        var fine = await Finished("Completed", total: 20m, tracking: "TRK1");
        Set(fine, inventory: "Shipped", payments: ("Charged", 20m), shipping: ("Created", "TRK1"));
        var completedBroken = await Finished("Completed", total: 20m, tracking: "TRK2");
        Set(completedBroken, inventory: "Reserved", payments: ("Charged", 15m), shipping: null);
        var cancelledFine = await Finished("Cancelled", total: 5m);
        Set(cancelledFine, inventory: "Released", payments: ("Refunded", 5m), shipping: ("Cancelled", null));
        var cancelledBroken = await Finished("Cancelled", total: 5m);
        Set(cancelledBroken, inventory: "Reserved", payments: ("Charged", 5m), shipping: ("Created", "TRK3"));
        var unsettled = await Finished("Cancelled", total: 5m, updatedAt: DateTimeOffset.UtcNow);
        Set(unsettled, inventory: "Reserved", payments: ("Charged", 5m), shipping: null);

        await RunOnce();

        var open = await Mismatches("limit=500");
        open.Items.Select(m => (m.OrderId, m.Rule)).Should().BeEquivalentTo(
        [
            (completedBroken, ReconciliationRules.CompletedNotShipped),
            (completedBroken, ReconciliationRules.CompletedStockNotShipped),
            (completedBroken, ReconciliationRules.CompletedNotCharged),
            (cancelledBroken, ReconciliationRules.CancelledStockHeld),
            (cancelledBroken, ReconciliationRules.CancelledCharged),
            (cancelledBroken, ReconciliationRules.CancelledShipped),
        ], "each rule is broken once, the consistent and the unsettled orders are not reported");
        open.Items.Single(m => m.Rule == ReconciliationRules.CompletedNotCharged).Detail.Should().Contain("15")
            .And.Contain("20");
        _workers.Requests.Where(r => r.Path == OrderLedgerEndpoint.Path)
            .Should().OnlyContain(r => r.Authorization == "orchestrator-token");
        var summary = await _api.Client.GetFromJsonAsync<ReconciliationSummary>("/operations/reconciliation");
        summary!.Open.Should().Be(6);
        summary.Rules.Should().HaveCount(6).And.OnlyContain(r => r.Open == 1);
        var job = _api.Services.GetRequiredService<ReconciliationJob>();
        await job.CountOpenAsync(CancellationToken.None);
        using (var gauge = new MetricProbe("OrderFulfillment", "orderfulfillment.reconciliation.mismatches", "rule"))
        {
            ReconciliationRules.All.Keys.Should().OnlyContain(rule => gauge.Last(rule) == 1);
        }

        var first = await Mismatches("limit=1");
        first.Next.Should().Be(open.Items[0].Id);
        (await Mismatches($"limit=1&after={first.Next}")).Items.Single().Id.Should().Be(open.Items[1].Id);

        // The broken cancelled order's ledgers are put right; payments then stops answering.
        Set(cancelledBroken, inventory: "Released", payments: ("Refunded", 5m), shipping: ("Cancelled", "TRK3"));
        _workers.Hosts["payments"] = _ => throw new HttpRequestException("Connection refused");
        await RunOnce();
        summary = await _api.Client.GetFromJsonAsync<ReconciliationSummary>("/operations/reconciliation");
        summary!.LastError.Should().Contain("Payments").And.Contain("Connection refused");
        (await Mismatches("limit=500")).Items.Should().HaveCount(6, "nothing is judged while a ledger cannot be read");

        _workers.Hosts["payments"] = request => Ledger("Payments", request);
        await RunOnce();
        (await Mismatches("limit=500")).Items.Select(m => m.OrderId).Should().OnlyContain(id => id == completedBroken);
        var resolved = await Mismatches("status=resolved");
        resolved.Items.Should().HaveCount(3).And.OnlyContain(m => m.OrderId == cancelledBroken && m.ResolvedAt != null);
        (await _api.Client.GetFromJsonAsync<ReconciliationSummary>("/operations/reconciliation"))!.LastError.Should()
            .BeNull();
    }

    [Test]
    public async Task Invalid_filters_are_refused_as_validation_problems()
    {
        using var invalid =
            await _api.Client.GetAsync("/operations/reconciliation/mismatches?rule=nonsense&limit=0&status=closed");
        (await OrchestratorApi.ProblemFields(invalid)).Should().BeEquivalentTo("rule", "limit", "status");
    }

    private async Task RunOnce()
    {
        var job = _api.Services.GetRequiredService<ReconciliationJob>();
        // The hosted job's first run may hold the lock at start; one of ours must run.
        await Eventually.True(() => job.RunOnceAsync(CancellationToken.None).Result, TimeSpan.FromSeconds(30),
            "a reconciliation run took the lock");
    }

    private async Task<Guid> Finished(string state, decimal total, string? tracking = null,
        DateTimeOffset? updatedAt = null)
    {
        var id = Guid.NewGuid();
        await using var scope = _api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        db.Sagas.Add(new OrderState
        {
            CorrelationId = id,
            CurrentState = state,
            TenantId = "t",
            CustomerId = "c",
            ShippingAddressId = "a",
            Lines = [new OrderLine("p", 1, total)],
            TotalUsd = total,
            TrackingNumber = tracking,
            CancellationReason = state == "Cancelled" ? CancellationReasons.Timeout : null,
            PlacedAt = Settled.AddMinutes(-1),
            UpdatedAt = updatedAt ?? Settled,
        });
        await db.SaveChangesAsync();
        return id;
    }

    private void Set(Guid order, string inventory, (string Status, decimal Amount) payments,
        (string Status, string? Tracking)? shipping)
    {
        _ledgers[("Inventory", order)] = new OrderLedgerEntry(order, inventory, Units: 1);
        _ledgers[("Payments", order)] = new OrderLedgerEntry(order, payments.Status, AmountUsd: payments.Amount);
        if (shipping is { } s)
        {
            _ledgers[("Shipping", order)] = new OrderLedgerEntry(order, s.Status, TrackingNumber: s.Tracking);
        }
        else
        {
            _ledgers.TryRemove(("Shipping", order), out _);
        }
    }

    private async Task<HttpResponseMessage> Ledger(string service, HttpRequestMessage request)
    {
        var asked = JsonSerializer.Deserialize<OrderLedgerRequest>(await request.Content!.ReadAsStringAsync(),
            JsonSerializerOptions.Web)!;
        var entries =
            asked.OrderIds!.Select(id => _ledgers.GetValueOrDefault((service, id))).OfType<OrderLedgerEntry>().ToList();
        return new HttpResponseMessage(HttpStatusCode.OK) {
            Content = JsonContent.Create(new OrderLedgerAnswer(entries)) };
    }

    private async Task<MismatchPage> Mismatches(string query) =>
        (await _api.Client.GetFromJsonAsync<MismatchPage>($"/operations/reconciliation/mismatches?{query}"))!;
}
