using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>What an operator needs to see the outbox rows that could never be delivered.</summary>
public static class OutboxDeadLetterQueries
{
    /// <summary>
    /// The dead outbox rows of <paramref name="db"/>'s database, oldest first, at most <paramref name="limit"/>,
    /// starting after <paramref name="afterSequenceNumber"/> (page by passing the last one seen).
    /// </summary>
    public static async Task<IReadOnlyList<OutboxDeadLetter>> ListOutboxDeadLettersAsync(this DbContext db,
        int limit = 100, long afterSequenceNumber = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<OutboxDeadLetter>().AsNoTracking()
            .Where(d => d.SequenceNumber > afterSequenceNumber)
            .OrderBy(d => d.SequenceNumber)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }
}
