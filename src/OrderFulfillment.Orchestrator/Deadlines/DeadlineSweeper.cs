using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.Orchestrator.Deadlines;

/// <summary>
/// The saga's scheduler. Kafka cannot deliver a message later, so each waiting saga keeps its deadline in its row,
/// and this sweep turns every passed deadline into an OrderDeadlinePassed for the saga to act on. Handing over means
/// clearing the row's deadline and storing the event in the outbox in one transaction: a crash either leaves both
/// undone (the next sweep retries) or both done. Rows are taken with SKIP LOCKED, so several orchestrators sweep
/// without waiting on each other or on a saga step in progress.
/// </summary>
internal sealed partial class DeadlineSweeper(IServiceScopeFactory scopes, IOptions<DeadlineSweeperOptions> options, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<DeadlineSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Producing needs the rider, which is started with the host.
        using (var started = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStarted, stoppingToken))
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
                while (await SweepOnce(stoppingToken) == options.Value.BatchSize)
                {
                    // A full batch: more may be due right now.
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                SweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    /// <summary>Hands over up to one batch of passed deadlines; returns how many.</summary>
    public async Task<int> SweepOnce(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        var producer = scope.ServiceProvider.GetRequiredService<ITopicProducer<OrderDeadlinePassed>>();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Sagas
            .FromSql($"""
                SELECT *, xmin FROM order_sagas WHERE "DeadlineAt" <= {now}
                ORDER BY "DeadlineAt" LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        foreach (var saga in due)
        {
            await producer.Produce(new OrderDeadlinePassed(NewId.NextGuid(), now, saga.CorrelationId, saga.TenantId, saga.DeadlineVersion),
                cancellationToken);
            saga.DeadlineAt = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (due.Count > 0)
        {
            HandedOver(logger, due.Count);
        }

        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline sweep failed; retrying at the next interval")]
    private static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed {Count} passed deadlines to the saga")]
    private static partial void HandedOver(ILogger logger, int count);
}
