using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Orchestrator.Reconciliation;

/// <summary>
/// Every <c>Reconciliation:Interval</c>, checks finished orders against the workers' ledgers (<see
/// cref="ReconciliationRules"/>): the next batch of orders finished at least <c>Reconciliation:SettleTime</c> ago,
/// after a persistent watermark (so each is checked once), and the open mismatches again (so one that clears is marked
/// resolved). One replica runs at a time: a run holds a transaction-scoped advisory lock and the others skip that tick.
/// A worker that cannot be read stops the run before anything is judged; the watermark stays and the next run tries
/// again. Publishes
/// <c>orderfulfillment.reconciliation.mismatches</c>, the open mismatches by rule, counted after every tick.
/// </summary>
public sealed partial class ReconciliationJob : BackgroundService
{
    // The advisory lock key of the job: any constant not used by another lock of the orders database.
    private const long LockKey = 0x5EC0_11C1_2026_0013;

    private readonly IServiceScopeFactory _scopes;
    private readonly WorkerLedgers _ledgers;
    private readonly IOptions<ReconciliationOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReconciliationJob> _logger;
    private volatile FrozenDictionary<string, long> _open =
        ReconciliationRules.All.Keys.ToFrozenDictionary(r => r, _ => 0L);

    public ReconciliationJob(IServiceScopeFactory scopes, WorkerLedgers ledgers,
        IOptions<ReconciliationOptions> options, TimeProvider time, IMeterFactory meters,
        ILogger<ReconciliationJob> logger)
    {
        (_scopes, _ledgers, _options, _time, _logger) = (scopes, ledgers, options, time, logger);
        meters.Create(TelemetryExtensions.PlatformSource)
            .CreateObservableGauge("orderfulfillment.reconciliation.mismatches",
            () => _open.Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("rule", r.Key))),
            "{order}", "Finished orders whose ledgers disagree with the saga's outcome and have not cleared, by rule.");
    }

    /// <summary>
    /// Runs once now: false when another replica is running. Tests call it instead of waiting for the timer.
    /// </summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"")
            .SingleAsync(cancellationToken);
        if (!locked)
        {
            return false;
        }

        var progress = await db.Set<ReconciliationProgress>().SingleOrDefaultAsync(cancellationToken)
            ?? db.Set<ReconciliationProgress>().Add(new ReconciliationProgress()).Entity;
        var now = _time.GetUtcNow();
        var finished = await FinishedSince(db, progress, now - _options.Value.SettleTime, cancellationToken);
        var open = await db.Set<ReconciliationMismatch>().Where(m => m.ResolvedAt == null).OrderBy(m => m.LastCheckedAt)
            .Select(m => m.OrderId).Distinct().Take(_options.Value.BatchSize).ToListAsync(cancellationToken);
        var recheck = await db.Set<OrderState>().AsNoTracking().Where(o => open.Contains(o.CorrelationId))
            .ToListAsync(cancellationToken);
        var orders = finished.Concat(recheck).DistinctBy(o => o.CorrelationId).ToList();
        try
        {
            var ledgers = await _ledgers.ReadAsync([.. orders.Select(o => o.CorrelationId)], cancellationToken);
            await Record(db, orders, ledgers, now, cancellationToken);
        }
        catch (LedgerUnavailableException ex)
        {
            LedgerUnavailable(_logger, ex.Message);
            progress.LastError = ex.Message;
            progress.LastErrorAt = now;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }

        if (finished.Count > 0)
        {
            (progress.WatermarkUpdatedAt, progress.WatermarkOrderId) =
                (finished[^1].UpdatedAt, finished[^1].CorrelationId);
        }

        (progress.LastRunAt, progress.LastRunOrders, progress.LastError, progress.LastErrorAt) =
            (now, orders.Count, null, null);
        progress.OrdersChecked += orders.Count;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Counts the open mismatches by rule for the gauge; every replica does, whoever ran.</summary>
    public async Task CountOpenAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        var counted = await db.Set<ReconciliationMismatch>().Where(m => m.ResolvedAt == null).GroupBy(m => m.Rule)
            .Select(g => new { Rule = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Rule, g => g.Count, cancellationToken);
        _open = ReconciliationRules.All.Keys.ToFrozenDictionary(r => r, r => counted.GetValueOrDefault(r));
    }

    /// <summary>
    /// The next finished, settled orders after the watermark, oldest update first (a row comparison on the partial
    /// index).
    /// </summary>
    private async Task<List<OrderState>> FinishedSince(OrdersDbContext db, ReconciliationProgress progress,
        DateTimeOffset settledBefore, CancellationToken cancellationToken)
    {
        var (after, afterId, limit) =
            (progress.WatermarkUpdatedAt, progress.WatermarkOrderId, _options.Value.BatchSize);
        return await db.Set<OrderState>().FromSql($"""
            SELECT *, xmin FROM order_sagas
            WHERE "CurrentState" IN ('Completed', 'Cancelled') AND "UpdatedAt" <= {settledBefore}
              AND ("UpdatedAt", "CorrelationId") > ({after}, {afterId})
            ORDER BY "UpdatedAt", "CorrelationId" LIMIT {limit}
            """).AsNoTracking().ToListAsync(cancellationToken);
    }

    private static async Task Record(OrdersDbContext db, List<OrderState> orders,
        IReadOnlyDictionary<Guid, OrderLedgers> ledgers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = orders.Select(o => o.CorrelationId).ToList();
        var known =
            await db.Set<ReconciliationMismatch>().Where(m => ids.Contains(m.OrderId)).ToListAsync(cancellationToken);
        foreach (var order in orders)
        {
            var facts = ledgers[order.CorrelationId];
            var broken = ReconciliationRules.Check(order, facts).ToDictionary(b => b.Rule, b => b.Detail);
            foreach (var row in known.Where(m => m.OrderId == order.CorrelationId))
            {
                row.LastCheckedAt = now;
                if (!broken.Remove(row.Rule, out var detail))
                {
                    row.ResolvedAt ??= now;
                    continue;
                }

                (row.Detail, row.Ledgers) = (detail, Facts(facts));
                if (row.ResolvedAt is not null)
                {
                    (row.ResolvedAt, row.FirstSeenAt) = (null, now); // broken again after it cleared: a new finding
                }
            }

            db.Set<ReconciliationMismatch>().AddRange(broken.Select(b => new ReconciliationMismatch
            {
                OrderId = order.CorrelationId,
                TenantId = order.TenantId,
                Rule = b.Key,
                Outcome = order.CurrentState,
                CancellationReason = order.CancellationReason,
                Detail = b.Value,
                Ledgers = Facts(facts),
                FirstSeenAt = now,
                LastCheckedAt = now,
            }));
        }
    }

    private static List<LedgerFact> Facts(OrderLedgers ledgers) =>
    [
        new("Inventory", ledgers.Inventory?.Status, ledgers.Inventory?.Units, null, null),
        new("Payments", ledgers.Payments?.Status, null, ledgers.Payments?.AmountUsd, null),
        new("Shipping", ledgers.Shipping?.Status, null, null, ledgers.Shipping?.TrackingNumber),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.Interval, _time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await CountOpenAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                RunFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask()
            .ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation stopped: {Reason}; the next run tries again")]
    private static partial void LedgerUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation run failed; the next run tries again")]
    private static partial void RunFailed(ILogger logger, Exception exception);
}
