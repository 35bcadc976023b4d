using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace OrderFulfillment.Orchestrator.Journal;

/// <summary>
/// Deletes journal entries past <see cref="JournalRetentionOptions.Retention"/> of orders that are completed or
/// cancelled (no deadline), oldest first, in batches. Safe with several orchestrators: a batch another one deleted is
/// simply not found again.
/// </summary>
public sealed partial class JournalPruner(IServiceScopeFactory scopes, IOptions<JournalRetentionOptions> options,
    TimeProvider time, ILogger<JournalPruner> logger) : BackgroundService
{
    /// <summary>Deletes every entry due at <paramref name="now"/>, batch after batch; returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = now - settings.Retention;
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
            // Ids grow with time, so the oldest entries are found from the primary key's start; a waiting order's
            // old entries are passed over, and there are few of those.
            var deleted = await db.Journal
                .Where(j => j.RecordedAt < cutoff
                    && !db.Sagas.Any(s => s.CorrelationId == j.OrderId && s.DeadlineAt != null))
                .OrderBy(j => j.Id)
                .Take(settings.BatchSize)
                .ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted < settings.BatchSize)
            {
                break;
            }
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        do
        {
            try
            {
                if (await PruneAsync(time.GetUtcNow(), stoppingToken) is > 0 and var pruned)
                {
                    Pruned(logger, pruned, options.Value.Retention);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                PruneFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask()
            .ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Deleted {Count} journal entries of finished orders older than {Retention}")]
    private static partial void Pruned(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the journal failed; the next run tries again")]
    private static partial void PruneFailed(ILogger logger, Exception exception);
}
