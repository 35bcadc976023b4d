using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Orchestrator.Telemetry;

/// <summary>
/// How many orders wait in each saga state, counted from the saga table every <c>Telemetry:ActiveOrdersInterval</c>
/// (15 s) and kept for the <c>orderfulfillment.orders.active</c> gauge. Only orders with a deadline are counted, which
/// is every order not yet completed or cancelled, through the deadline's partial index: finished orders grow without
/// bound and are counted by <c>orderfulfillment.orders.finished</c> instead.
/// </summary>
public sealed partial class ActiveOrderCounts : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IConfiguration _configuration;
    private readonly ILogger<ActiveOrderCounts> _logger;
    private volatile FrozenDictionary<string, long> _byState = FrozenDictionary<string, long>.Empty;

    public ActiveOrderCounts(IServiceScopeFactory scopes, IConfiguration configuration, IMeterFactory meters,
        ILogger<ActiveOrderCounts> logger)
    {
        _scopes = scopes;
        _configuration = configuration;
        _logger = logger;
        // Here rather than in OrderMetrics, which is first built by an order: the gauge must exist from the start.
        meters.Create(TelemetryExtensions.PlatformSource).CreateObservableGauge("orderfulfillment.orders.active",
            () => _byState.Select(s =>
                new Measurement<long>(s.Value, new KeyValuePair<string, object?>("state", s.Key))),
            "{order}",
            "Orders waiting in each saga state (not yet completed or cancelled), counted every " +
            "Telemetry:ActiveOrdersInterval.");
    }

    /// <summary>
    /// The latest count per state; a state counted once stays, with 0 once it empties, so its series does not vanish.
    /// </summary>
    public IReadOnlyDictionary<string, long> ByState => _byState;

    /// <summary>Counts once now; the loop calls it, and tests call it to avoid waiting for the loop.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        var counted = await database.Set<OrderState>().Where(o => o.DeadlineAt != null)
            .GroupBy(o => o.CurrentState).Select(g => new { State = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.State, g => g.Count, cancellationToken);
        foreach (var state in _byState.Keys.Where(s => !counted.ContainsKey(s)))
        {
            counted[state] = 0;
        }

        _byState = counted.ToFrozenDictionary();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = _configuration.GetValue("Telemetry:ActiveOrdersInterval", TimeSpan.FromSeconds(15));
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The last counts stay; the next tick tries again.
                CountFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask()
            .ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting the active orders by state failed")]
    private static partial void CountFailed(ILogger logger, Exception exception);
}
