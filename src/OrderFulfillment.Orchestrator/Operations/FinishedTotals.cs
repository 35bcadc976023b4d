using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>
/// How many orders are in each final state, kept cheap with millions of them: counted in full only every
/// <see cref="OperationsOptions.TotalsRecountInterval"/>; in between, each refresh adds the journal's transitions into
/// a final state recorded since the last one (a range of the journal's primary key).
/// </summary>
/// <remarks>
/// A transition is added once its entry is <see cref="Settle"/> old, so an entry whose transaction committed after a
/// later one's is not passed over. A full count and the journal's last id are read in one snapshot; an entry that was
/// still uncommitted then is missed until the next full count. Not thread-safe: one refresher owns it.
/// </remarks>
internal sealed class FinishedTotals(IReadOnlyCollection<string> finalStates)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private Dictionary<string, long> _totals = [];
    private long _lastId;
    private DateTimeOffset? _countedAt;

    public IReadOnlyDictionary<string, long> ByState => _totals;

    public async Task Refresh(OrdersDbContext db, DateTimeOffset now, TimeSpan recountInterval,
        CancellationToken cancellationToken)
    {
        if (_countedAt is not { } counted || now - counted >= recountInterval)
        {
            await Recount(db, cancellationToken);
            _countedAt = now;
            return;
        }

        var settled = now - Settle;
        var upTo = await db.Journal.Where(j => j.Id > _lastId && j.RecordedAt < settled)
            .MaxAsync(j => (long?)j.Id, cancellationToken);
        if (upTo is not { } last)
        {
            return;
        }

        var added = await db.Journal
            .Where(j => j.Id > _lastId && j.Id <= last && j.Outcome == "transition" && finalStates.Contains(j.ToState))
            .GroupBy(j => j.ToState).Select(g => new { State = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var totals = new Dictionary<string, long>(_totals);
        foreach (var state in added)
        {
            totals[state.State] = totals.GetValueOrDefault(state.State) + state.Count;
        }

        (_totals, _lastId) = (totals, last);
    }

    private async Task Recount(OrdersDbContext db, CancellationToken cancellationToken)
    {
        await using var snapshot =
            await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var lastId = await db.Journal.MaxAsync(j => (long?)j.Id, cancellationToken) ?? 0;
        var totals = await db.Sagas.Where(s => finalStates.Contains(s.CurrentState))
            .GroupBy(s => s.CurrentState).Select(g => new { State = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.State, g => g.Count, cancellationToken);
        await snapshot.CommitAsync(cancellationToken);
        (_totals, _lastId) = (finalStates.ToDictionary(s => s, s => totals.GetValueOrDefault(s)), lastId);
    }
}
