using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>
/// How long orders stayed in a state: the p50 and p95 of the stays that ended in the window, in seconds.
/// </summary>
public sealed record DwellTime(string State, int Samples, double P50Seconds, double P95Seconds);

/// <summary>Reads dwell times and breaching counts from the journal and the saga table, in SQL.</summary>
internal static class DwellTimes
{
    /// <summary>
    /// The p50/p95 time per state over the stays that ended at or after <paramref name="since"/>: each transition out
    /// of a state in the window, minus the order's previous transition (the one that entered it). The window is a range
    /// of the journal's partial index on the transitions' time; the previous transition is one step back on the order's
    /// (OrderId, Id) index. So the cost follows the window's transitions, not the journal's size.
    /// </summary>
    public static Task<List<DwellTime>> Since(OrdersDbContext db, DateTimeOffset since,
        CancellationToken cancellationToken) =>
        db.Database.SqlQuery<DwellTime>($"""
            SELECT l."FromState" AS "State", count(*)::int AS "Samples",
                   percentile_cont(0.5) WITHIN GROUP (
                       ORDER BY extract(epoch FROM l."RecordedAt" - e."RecordedAt"))::float8 AS "P50Seconds",
                   percentile_cont(0.95) WITHIN GROUP (
                       ORDER BY extract(epoch FROM l."RecordedAt" - e."RecordedAt"))::float8 AS "P95Seconds"
            FROM order_journal l
            CROSS JOIN LATERAL (
                SELECT p."RecordedAt" FROM order_journal p
                WHERE p."OrderId" = l."OrderId" AND p."Id" < l."Id" AND p."Outcome" = 'transition'
                ORDER BY p."Id" DESC LIMIT 1) e
            WHERE l."Outcome" = 'transition' AND l."RecordedAt" >= {since}
            GROUP BY l."FromState"
            """).ToListAsync(cancellationToken);

    /// <summary>
    /// Waiting orders in <paramref name="state"/> that entered it before <paramref name="enteredBefore"/>: a range of
    /// the breaching index.
    /// </summary>
    public static IQueryable<Saga.OrderState> Breaching(OrdersDbContext db, string state,
        DateTimeOffset enteredBefore) =>
        db.Sagas.AsNoTracking()
            .Where(s => s.DeadlineAt != null && s.CurrentState == state && s.StateEnteredAt < enteredBefore);
}
