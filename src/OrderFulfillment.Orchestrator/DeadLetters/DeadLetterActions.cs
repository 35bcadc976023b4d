using System.Text;
using Confluent.Kafka;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Contracts;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>
/// What became of an action on one dead letter: done, refused (with why), failed because Kafka did not acknowledge the
/// replay (nothing changed; try again), or no such dead letter.
/// </summary>
public sealed record DeadLetterActionResult(bool Found, string? Refusal, DeadLetterSummary? DeadLetter,
    string? Failure = null);

/// <summary>
/// Replays and discards dead letters, each recorded on the dead letter with who, why and when. The dead letter's row
/// is locked for the action, so two operators cannot act on it at once; a replay is judged by
/// <see cref="DeadLetterReplayPolicy"/> and marked replayed only after the brokers acknowledged it.
/// </summary>
/// <remarks>
/// A replay keeps the record's key, its message id and its headers (less the <c>DeadLetter-*</c> ones). The same
/// message id is right: the consumer that dead-lettered the record has no inbox row for it (the inbox row is written in
/// the transaction of the handling, which failed and rolled back, or the record never reached it: invalid and
/// undeserializable records are refused before the inbox), so it takes the replay; while any other group that read the
/// original (and any second replay after a crash between producing and marking) is recognised as the same message and
/// dropped. A fresh id would make exactly those take effect twice. A record that had no message id header was consumed
/// under an id derived from its place in the source topic; the replay would land elsewhere and so be given another, so
/// it carries the derived one explicitly.
/// </remarks>
public sealed class DeadLetterActions(OrdersDbContext db, DeadLetterReplayPolicy policy, DeadLetterProducer producer,
    TimeProvider time)
{
    private const string DeadLetterHeaderPrefix = "DeadLetter-";

    /// <summary>
    /// Replays the dead letter to its source topic, with <paramref name="editedValue"/> instead of its value when
    /// given.
    /// </summary>
    public async Task<DeadLetterActionResult> Replay(long id, string by, string note, byte[]? editedValue,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await Lock(id, cancellationToken) is not { } letter)
        {
            return new DeadLetterActionResult(false, null, null);
        }

        var verdict = await policy.Judge(letter, cancellationToken);
        if (!verdict.Allowed)
        {
            return new DeadLetterActionResult(true, verdict.Reason, DeadLetterQueries.Summary(letter));
        }

        var headers = new Headers();
        foreach (var header in letter.Headers.Where(h =>
            !h.Name.StartsWith(DeadLetterHeaderPrefix, StringComparison.Ordinal)))
        {
            headers.Add(header.Name, DeadLetterReader.Bytes(header));
        }

        // A record that came without a message id was consumed under one derived from its place; the replay carries it.
        if (letter.MessageId is { } messageId && !letter.Headers.Any(h => h.Name == KafkaHeaders.MessageId))
        {
            headers.Add(KafkaHeaders.MessageId, Encoding.UTF8.GetBytes(messageId.ToString()));
        }

        var record =
            new Message<byte[], byte[]> { Key = letter.Key!, Value = editedValue ?? letter.Value, Headers = headers };
        TopicPartitionOffset landed;
        try
        {
            // From here on not cancelled with the request: once produced, the replay must be marked (a second one would
            // be dropped by the inbox, but the operator would see the dead letter still open).
            landed = await producer.Produce(letter.SourceTopic, record, CancellationToken.None);
        }
        catch (KafkaException ex)
        {
            return new DeadLetterActionResult(true, null, DeadLetterQueries.Summary(letter),
                $"Kafka did not acknowledge the replay ({ex.Error.Reason}); nothing changed.");
        }

        Record(letter, DeadLetterStatus.Replayed, by, note);
        letter.Edited = editedValue is not null;
        letter.ReplayPartition = landed.Partition.Value;
        letter.ReplayOffset = landed.Offset.Value;
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return new DeadLetterActionResult(true, null, DeadLetterQueries.Summary(letter));
    }

    /// <summary>Marks an open dead letter discarded: nothing is produced.</summary>
    public async Task<DeadLetterActionResult> Discard(long id, string by, string note,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await Lock(id, cancellationToken) is not { } letter)
        {
            return new DeadLetterActionResult(false, null, null);
        }

        if (letter.Status != DeadLetterStatus.Open)
        {
            return new DeadLetterActionResult(true,
                $"It was {letter.Status} already, by {letter.ActedBy} at {letter.ActedAt:u}: {letter.Note}",
                DeadLetterQueries.Summary(letter));
        }

        Record(letter, DeadLetterStatus.Discarded, by, note);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DeadLetterActionResult(true, null, DeadLetterQueries.Summary(letter));
    }

    /// <summary>
    /// The open dead letters matching <paramref name="filter"/>, oldest first, at most <paramref name="limit"/>.
    /// </summary>
    public Task<List<long>> OpenIds(DeadLetterFilter filter, int limit, CancellationToken cancellationToken) =>
        (filter with { Status = DeadLetterStatus.Open }).Apply(db.Set<DeadLetter>().AsNoTracking())
            .OrderBy(d => d.Id).Select(d => d.Id).Take(limit).ToListAsync(cancellationToken);

    /// <summary>The source topic of a dead letter, when it is one of the catalogue.</summary>
    public async Task<(bool Found, TopicDefinition? Topic, Guid? OrderId)> Source(long id,
        CancellationToken cancellationToken) =>
        await db.Set<DeadLetter>().AsNoTracking().Where(d => d.Id == id).Select(d => new { d.SourceTopic, d.OrderId })
            .SingleOrDefaultAsync(cancellationToken) is { } source
            ? (true, Topics.Find(source.SourceTopic), source.OrderId)
            : (false, null, null);

    private Task<DeadLetter?> Lock(long id, CancellationToken cancellationToken) =>
        db.Set<DeadLetter>().FromSql($"SELECT * FROM dead_letters WHERE \"Id\" = {id} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);

    private void Record(DeadLetter letter, string status, string by, string note)
    {
        letter.Status = status;
        letter.ActedBy = by;
        letter.Note = note;
        letter.ActedAt = time.GetUtcNow();
    }
}
