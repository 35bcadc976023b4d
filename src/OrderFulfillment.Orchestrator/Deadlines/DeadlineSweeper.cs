using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.Orchestrator.Deadlines;

/// <summary>
/// The saga's scheduler. Kafka cannot deliver a message later, so each waiting saga keeps its deadline in its row,
/// and this sweep turns every passed deadline into an OrderDeadlinePassed for the saga to act on.
/// </summary>
/// <remarks>
/// <para>
/// A deadline is handed over only once every reply that could still save the order has been consumed. When
/// deadlines are due, the sweep takes a snapshot of the reply topics' high watermarks; it hands over the deadlines
/// that were due at the snapshot only once the orchestrator's consumer groups have committed at or beyond the
/// snapshot on every reply partition. Until then (consumers not yet assigned after a restart, or behind) no deadline
/// fires. The offsets are the groups', so every replica decides the same.
/// </para>
/// <para>
/// Handing over stores the event in the outbox and moves the deadline forward by <c>RearmInterval</c> in one
/// transaction: a crash leaves both undone or both done, and an event that is lost or dead-lettered is handed over
/// again when the re-armed deadline passes (the saga acts on a deadline version once). Rows are taken with SKIP
/// LOCKED, so several orchestrators sweep without waiting on each other or on a saga step in progress.
/// </para>
/// </remarks>
internal sealed partial class DeadlineSweeper(IServiceScopeFactory scopes, IReplyProgress replies,
    DeadlineMetrics metrics,
    IOptions<DeadlineSweeperOptions> options, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<DeadlineSweeper> logger) : BackgroundService
{
    private ReplySnapshot? _pending;
    private DateTimeOffset _lastWarning = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Producing needs the rider, which is started with the host.
        using (var started = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStarted,
            stoppingToken))
        {
            await Task.Delay(Timeout.Infinite, started.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepOnce(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                SweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask()
            .ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    /// <summary>
    /// One sweep: when deadlines are due, snapshot the reply topics (kept until handed over); once the reply
    /// consumers have committed past the snapshot, hand over every deadline that was due at it. Returns how many were
    /// handed over (0 while they wait).
    /// </summary>
    public async Task<int> SweepOnce(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_pending is null)
        {
            if (!await AnyDue(now, cancellationToken))
            {
                return 0;
            }

            // Measured from here, so that deadlines held because Kafka does not answer show up as well.
            metrics.Due(now);
            _pending = await replies.Snapshot(now, cancellationToken);
        }

        var behind = await replies.Behind(_pending, cancellationToken);
        if (behind.Count > 0)
        {
            Hold(now, behind);
            return 0;
        }

        metrics.Released();
        var (dueBy, total, batch) = (_pending.DueBy, 0, 0);
        do
        {
            batch = await HandOver(dueBy, cancellationToken);
            total += batch;
        }
        while (batch == options.Value.BatchSize);

        _pending = null;
        if (total > 0)
        {
            HandedOver(logger, total);
            metrics.HandedOver(total);
        }

        return total;
    }

    private async Task<bool> AnyDue(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        return await db.Sagas.AnyAsync(s => s.DeadlineAt <= now, cancellationToken);
    }

    /// <summary>Hands over up to one batch of deadlines due by <paramref name="dueBy"/>; returns how many.</summary>
    private async Task<int> HandOver(DateTimeOffset dueBy, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        var producer = scope.ServiceProvider.GetRequiredService<ITopicProducer<OrderDeadlinePassed>>();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Sagas
            .FromSql($"""
                SELECT *, xmin FROM order_sagas WHERE "DeadlineAt" <= {dueBy}
                ORDER BY "DeadlineAt" LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        foreach (var saga in due)
        {
            await producer.Produce(
                new OrderDeadlinePassed(NewId.NextGuid(), now, saga.CorrelationId, saga.TenantId, saga.DeadlineVersion),
                cancellationToken);
            // Re-armed, not cleared: the saga clears or replaces it when it acts; if the event never gets there, it
            // is handed over again.
            saga.DeadlineAt = now + options.Value.RearmInterval;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private void Hold(DateTimeOffset now, IReadOnlyList<ReplyLag> behind)
    {
        var since = _pending!.DueBy;
        metrics.Holding(behind);
        var warnAfter = options.Value.ReplyLagWarningAfter;
        var warn = now - since >= warnAfter && now - _lastWarning >= warnAfter;
        if (!logger.IsEnabled(warn ? LogLevel.Warning : LogLevel.Debug))
        {
            return;
        }

        var lagging = string.Join("; ", behind.Take(3));
        if (warn)
        {
            _lastWarning = now;
            HeldTooLong(logger, now - since, behind.Count, lagging);
        }
        else
        {
            Holding(logger, behind.Count, lagging);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline sweep failed; retrying at the next interval")]
    private static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed {Count} passed deadlines to the saga")]
    private static partial void HandedOver(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug,
        Message =
            "Due deadlines wait: {Partitions} reply partitions not yet consumed up to the snapshot (first: {Lagging})")]
    private static partial void Holding(ILogger logger, int partitions, string lagging);

    [LoggerMessage(Level = LogLevel.Warning,
        Message =
            "Due deadlines have waited {Waited} for the reply consumers: {Partitions} reply partitions not yet " +
            "consumed up to the snapshot (first: {Lagging}). No order is cancelled for a timeout until they catch up")]
    private static partial void HeldTooLong(ILogger logger, TimeSpan waited, int partitions, string lagging);
}
