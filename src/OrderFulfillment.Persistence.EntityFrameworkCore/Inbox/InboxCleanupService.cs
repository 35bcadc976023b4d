using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;

/// <summary>
/// Removes inbox rows older than their consumer's duplicate-detection window, a bounded batch per statement, so the
/// table (and the index the duplicate check uses) stays small at millions of messages a week without long-held locks.
/// Rows of consumers this process does not know (removed consumers, or consumers of another process on the same
/// database) are kept for the longest window known, and at least <see
/// cref="EntityFrameworkOutboxOptions.DuplicateDetectionWindow"/>.
/// </summary>
internal sealed class InboxCleanupService<TDbContext>(IServiceScopeFactory scopes, EntityFrameworkOutboxOptions options,
    InboxConsumers<TDbContext> consumers) : BackgroundService
    where TDbContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.InboxCleanupInterval);
        var warned = false;
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask()
            .ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default))
        {
            // Endpoints are configured when the bus starts, after this service; by the first tick they are known.
            warned = warned || WarnAboutShortWindows();
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
        var tables = OutboxTables.For(db);
        var now = DateTime.UtcNow;
        var known = consumers.All;
        var total = 0;
        foreach (var group in known.GroupBy(c => c.Window))
        {
            var ids = group.SelectMany(c => c.LegacyId is { } legacy ? [c.Id, legacy] : new[] { c.Id }).ToArray();
            total += await RemoveBatches(db, tables.DeleteExpiredInboxOf, ids, now - group.Key, cancellationToken);
        }

        var longest = known.Select(c => c.Window).Append(options.DuplicateDetectionWindow).Max();
        var all = known.SelectMany(c => c.LegacyId is { } legacy ? [c.Id, legacy] : new[] { c.Id }).ToArray();
        total += await RemoveBatches(db, tables.DeleteExpiredInboxExcept, all, now - longest, cancellationToken);
        return total;
    }

    private async Task<int> RemoveBatches(TDbContext db, string statement, Guid[] consumerIds, DateTime cutoff,
        CancellationToken cancellationToken)
    {
        int removed, total = 0;
        do
        {
            removed = await db.Database.ExecuteSqlRawAsync(statement, [consumerIds, cutoff,
                options.InboxCleanupBatchSize], cancellationToken);
            total += removed;
        }
        while (removed == options.InboxCleanupBatchSize);

        return total;
    }

    private bool WarnAboutShortWindows()
    {
        foreach (var consumer in consumers.All.Where(c => c.Window < options.ConsumedTopicRetention))
        {
            LogContext.Warning?.Log(
                "The inbox of {Consumer} remembers messages for {Window} but consumed topics keep them for " +
                "{Retention}: a replay of older records would be processed again",
                consumer.Name, consumer.Window, options.ConsumedTopicRetention);
        }

        return consumers.All.Count > 0;
    }
}
