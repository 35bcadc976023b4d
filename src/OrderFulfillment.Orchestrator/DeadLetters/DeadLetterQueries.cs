using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>Reads the indexed dead letters for the operations API; never tracks, never writes.</summary>
public sealed class DeadLetterQueries(OrdersDbContext db, DeadLetterReplayPolicy policy)
{
    /// <summary>A page of the dead letters matching the filter, newest indexed first, keyset-paged on the id.</summary>
    public async Task<DeadLetterPage> List(DeadLetterPageRequest request, CancellationToken cancellationToken)
    {
        var letters = request.Filter.Apply(db.Set<DeadLetter>().AsNoTracking());
        if (request.After is { } after)
        {
            letters = letters.Where(d => d.Id < after);
        }

        var page = await letters.OrderByDescending(d => d.Id).Take(request.Limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > request.Limit
            ? page[request.Limit - 1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new DeadLetterPage([.. page.Take(request.Limit).Select(Summary)], next);
    }

    /// <summary>
    /// Counts by reason, message type and source topic of the dead letters matching the filter, largest first.
    /// </summary>
    public async Task<DeadLetterGroups> Groups(DeadLetterFilter filter, CancellationToken cancellationToken)
    {
        var groups = await filter.Apply(db.Set<DeadLetter>().AsNoTracking())
            .GroupBy(d => new { d.Reason, d.MessageType, d.SourceTopic })
            .Select(g => new DeadLetterGroup(g.Key.Reason, g.Key.MessageType, g.Key.SourceTopic, g.Count(),
                g.Count(d => d.Status == DeadLetterStatus.Open), g.Min(d => d.DeadLetteredAt),
                g.Max(d => d.DeadLetteredAt)))
            .ToListAsync(cancellationToken);
        return new DeadLetterGroups(
            [.. groups.OrderByDescending(g => g.Count).ThenBy(g => g.Reason, StringComparer.Ordinal)
            .ThenBy(g => g.MessageType, StringComparer.Ordinal).ThenBy(g => g.SourceTopic, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The dead letter opened, with whether a replay would be accepted now; null when there is none of that id.
    /// </summary>
    public async Task<DeadLetterView?> Find(long id, CancellationToken cancellationToken)
    {
        if (await db.Set<DeadLetter>().AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == id, cancellationToken) is not { } d)
        {
            return null;
        }

        var verdict = await policy.Judge(d, cancellationToken);
        var key = d.Key is null ? null : Encoding.UTF8.GetString(d.Key);
        var body = d.Body is null ? (JsonElement?)null : JsonSerializer.Deserialize<JsonElement>(d.Body);
        return new DeadLetterView(Summary(d), d.Topic, d.Partition, d.Offset, d.SourcePartition, d.SourceOffset,
            d.ConsumerGroup, d.MessageId, key, d.Headers, body, d.BodyError, RawBytes.Of(d.Value), verdict);
    }

    internal static DeadLetterSummary Summary(DeadLetter d) =>
        new(d.Id, d.Status, d.Service, d.SourceTopic, d.MessageType, d.OrderId, d.TenantId, d.Reason, d.Field,
            d.ExceptionType, d.ExceptionMessage, d.DeadLetteredAt, d.Body is not null, d.Truncated,
            d.Status == DeadLetterStatus.Open ? null : new DeadLetterAction(d.Status, d.ActedBy!, d.Note!,
                d.ActedAt!.Value, d.Edited, d.ReplayPartition, d.ReplayOffset));
}
