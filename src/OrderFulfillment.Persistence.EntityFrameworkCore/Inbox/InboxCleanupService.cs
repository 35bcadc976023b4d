using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;

/// <summary>
/// Removes inbox rows older than the duplicate-detection window, a bounded batch per statement, so the table (and
/// the index the duplicate check uses) stays small at millions of messages a week without long-held locks.
/// </summary>
internal sealed class InboxCleanupService<TDbContext>(IServiceScopeFactory scopes, EntityFrameworkOutboxOptions options) : BackgroundService
    where TDbContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.DuplicateDetectionWindow < options.ConsumedTopicRetention)
        {
            LogContext.Warning?.Log(
                "The inbox remembers messages for {Window} but consumed topics keep them for {Retention}: a replay of older records would be processed again",
                options.DuplicateDetectionWindow, options.ConsumedTopicRetention);
        }

        using var timer = new PeriodicTimer(options.InboxCleanupInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default))
        {
            try
            {
                await RemoveExpired(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogContext.Warning?.Log(ex, "Inbox cleanup failed; it runs again at the next interval");
            }
        }
    }

    internal async Task<int> RemoveExpired(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var cutoff = DateTime.UtcNow - options.DuplicateDetectionWindow;
        var statement = OutboxTables.For(db).DeleteExpiredInbox;
        int removed, total = 0;
        do
        {
            removed = await db.Database.ExecuteSqlRawAsync(statement, [cutoff, options.InboxCleanupBatchSize], cancellationToken);
            total += removed;
        }
        while (removed == options.InboxCleanupBatchSize);

        return total;
    }
}
