using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.Orchestrator.Telemetry;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>Reads the saga for operators: across every tenant, never tracking, never writing.</summary>
public sealed class OperationsQueries(OrdersDbContext db, OrderStateMachine machine, SagaGraph graph,
    ActiveOrderCounts active, SagaStatistics statistics, IOptions<OperationsOptions> options, TimeProvider time)
{
    public SagaOverview Overview()
    {
        var (figures, limits) = (statistics.Latest, options.Value.DwellLimits);
        var states = graph.States.Select(state =>
        {
            var kind = graph.IsInitial(state) ? "initial" : graph.IsFinal(state) ? "final" : "waiting";
            long? orders = kind switch
            {
                "waiting" => active.ByState.GetValueOrDefault(state),
                "final" => figures.Finished.GetValueOrDefault(state),
                _ => null,
            };
            var dwell = figures.Dwell.GetValueOrDefault(state);
            var limit = limits.TryGetValue(state, out var l) ? l : (TimeSpan?)null;
            return new SagaStateView(state, kind, orders, dwell?.Samples ?? 0, dwell?.P50Seconds, dwell?.P95Seconds,
                limit?.TotalSeconds, limit is null ? null : figures.Breaching.GetValueOrDefault(state),
                SagaGraph.Accepts(machine, state));
        });
        return new SagaOverview(figures.AsOf, options.Value.DwellWindow.TotalSeconds, [.. states], graph.Transitions);
    }

    /// <summary>The order's timeline, whichever its tenant; null when there is no such order.</summary>
    public async Task<OrderTimeline?> Timeline(Guid orderId, CancellationToken cancellationToken)
    {
        var saga =
            await db.Sagas.AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == orderId, cancellationToken);
        if (saga is null)
        {
            var submission =
                await db.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.OrderId == orderId, cancellationToken);
            return submission is null
                ? null
                : new OrderTimeline(orderId, submission.TenantId, OrderQueries.Submitted, null, null,
                    SagaGraph.Accepts(machine, machine.Initial.Name), []);
        }

        var entries = await db.Journal.AsNoTracking().Where(j => j.OrderId == orderId).OrderBy(j => j.Id)
            .ToListAsync(cancellationToken);
        var steps = entries.Select((j, i) => new TimelineStep(j.RecordedAt,
            i == 0 ? null : (j.RecordedAt - entries[i - 1].RecordedAt).TotalSeconds, j.EventType, j.MessageId,
            j.FromState, j.ToState, j.Outcome, j.Topic, j.Partition, j.Offset, j.Sent, j.TraceId, j.Actor, j.Note));
        return new OrderTimeline(orderId, saga.TenantId, saga.CurrentState, saga.StateEnteredAt, saga.DeadlineAt,
            SagaGraph.Accepts(machine, saga.CurrentState),
            [.. steps]);
    }

    /// <summary>
    /// Waiting orders past their state's dwell limit, longest in their state first, in <paramref name="state"/> or in
    /// every state with a limit. Each state is one range of the breaching index; their pages are merged.
    /// </summary>
    public async Task<BreachingPage> Breaching(string? state, OrderCursor? after, int limit,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var page = new List<BreachingOrder>();
        foreach (var (name, dwellLimit) in options.Value.DwellLimits.Where(l => state is null || l.Key == state))
        {
            var query = DwellTimes.Breaching(db, name, now - dwellLimit);
            if (after is { } cursor)
            {
                query = query.Where(s => EF.Functions.GreaterThan(ValueTuple.Create(s.StateEnteredAt, s.CorrelationId),
                    ValueTuple.Create(cursor.PlacedAt, cursor.OrderId)));
            }

            page.AddRange(await query.OrderBy(s => s.StateEnteredAt).ThenBy(s => s.CorrelationId).Take(limit + 1)
                .Select(s => new BreachingOrder(s.CorrelationId, s.TenantId, s.CurrentState, s.StateEnteredAt, 0,
                    dwellLimit.TotalSeconds, s.DeadlineAt))
                .ToListAsync(cancellationToken));
        }

        // One more than asked: whether it exists says whether there is a next page.
        // Ties are broken as PostgreSQL orders uuids (their text, byte by byte), so the merge agrees with each query.
        var ordered = page.OrderBy(o => o.StateEnteredAt).ThenBy(o => o.OrderId.ToString(), StringComparer.Ordinal)
            .Take(limit + 1)
            .Select(o => o with { InStateSeconds = (now - o.StateEnteredAt).TotalSeconds }).ToList();
        if (ordered.Count <= limit)
        {
            return new BreachingPage(ordered, null);
        }

        ordered.RemoveAt(limit);
        return new BreachingPage(ordered, new OrderCursor(ordered[^1].StateEnteredAt, ordered[^1].OrderId).Encode());
    }
}
