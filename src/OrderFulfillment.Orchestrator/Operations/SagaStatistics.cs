using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>
/// The figures <c>GET /operations/saga</c> shows beside the graph, recomputed every
/// <see cref="OperationsOptions.StatisticsInterval"/> rather than per request, so a console left open costs the
/// database one computation per interval and replica however many watch it. Each replica computes them from the
/// shared database, so every replica shows the same.
/// </summary>
public sealed partial class SagaStatistics(IServiceScopeFactory scopes, SagaGraph graph,
    IOptions<OperationsOptions> options, TimeProvider time, ILogger<SagaStatistics> logger) : BackgroundService
{
    private readonly FinishedTotals _finished = new(graph.FinalStates);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot _latest =
        new(null, new Dictionary<string, DwellTime>(), new Dictionary<string, long>(), new Dictionary<string, long>());

    /// <summary>The figures of one refresh; <see cref="AsOf"/> is null before the first.</summary>
    public sealed record Snapshot(DateTimeOffset? AsOf, IReadOnlyDictionary<string, DwellTime> Dwell,
        IReadOnlyDictionary<string, long> Finished, IReadOnlyDictionary<string, long> Breaching);

    public Snapshot Latest => _latest;

    /// <summary>Recomputes now; the loop calls it, and tests call it to avoid waiting for the loop.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var (settings, now) = (options.Value, time.GetUtcNow());
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
            var dwell = await DwellTimes.Since(db, now - settings.DwellWindow, cancellationToken);
            await _finished.Refresh(db, now, settings.TotalsRecountInterval, cancellationToken);
            var breaching = new Dictionary<string, long>();
            foreach (var (state, limit) in settings.DwellLimits)
            {
                breaching[state] = await DwellTimes.Breaching(db, state, now - limit).LongCountAsync(cancellationToken);
            }

            _latest = new Snapshot(now, dwell.ToDictionary(d => d.State), _finished.ByState, breaching);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatisticsInterval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The last figures stay; the next tick tries again.
                RefreshFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask()
            .ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    public override void Dispose()
    {
        _refreshing.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Computing the saga's statistics failed; the last ones stay")]
    private static partial void RefreshFailed(ILogger logger, Exception exception);
}
