using System.Text.Json;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>What an operator did with a dead letter, who (the token's <c>sub</c>), why (the note) and when.</summary>
public sealed record DeadLetterAction(string Status, string By, string Note, DateTimeOffset At, bool Edited,
    int? ReplayPartition, long? ReplayOffset);

/// <summary>A dead letter in the list. <c>readable</c> says whether its body decoded as Avro.</summary>
public sealed record DeadLetterSummary(long Id, string Status, string? Service, string SourceTopic, string MessageType,
    Guid? OrderId, string? TenantId, string Reason, string? Field, string? ExceptionType, string? ExceptionMessage,
    DateTimeOffset DeadLetteredAt, bool Readable, bool Truncated, DeadLetterAction? Action);

/// <summary>A page of dead letters; <c>next</c> is the cursor of the following page, null on the last.</summary>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetterSummary> Items, string? Next);

/// <summary>
/// Dead letters of one reason, message type and source topic: how many, how many still open, first and last.
/// </summary>
public sealed record DeadLetterGroup(string Reason, string MessageType, string SourceTopic, int Count, int Open,
    DateTimeOffset First, DateTimeOffset Last);

/// <summary>The groups matching a filter, largest first.</summary>
public sealed record DeadLetterGroups(IReadOnlyList<DeadLetterGroup> Groups);

/// <summary>
/// The record's bytes as they are: base64 (exact) and a text preview (UTF-8, invalid bytes replaced, at most
/// <see cref="PreviewLength"/> characters), for a value that is not a readable record.
/// </summary>
public sealed record RawBytes(int Size, string Base64, string Preview)
{
    public const int PreviewLength = 500;

    public static RawBytes Of(byte[] bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var printable = new string([.. text.Take(PreviewLength).Select(c => char.IsControl(c)
            && c is not '\n' and not '\t' ? '.' : c)]);
        return new RawBytes(bytes.Length, Convert.ToBase64String(bytes), printable);
    }
}

/// <summary>
/// One dead letter opened: where it lies and came from, its headers, its body as JSON (null when unreadable, then
/// <c>bodyError</c> says why) and its raw bytes, the error, and whether a replay would be accepted now and why.
/// </summary>
public sealed record DeadLetterView(DeadLetterSummary Summary, string Topic, int Partition, long Offset,
    int? SourcePartition, long? SourceOffset, string? ConsumerGroup, Guid? MessageId, string? Key,
    IReadOnlyList<DeadLetterHeader> Headers, JsonElement? Body, string? BodyError,
    RawBytes Value, ReplayVerdict Replay);

/// <summary>Whether a replay makes sense now: <c>allowed</c>, and in words why (or why not).</summary>
public sealed record ReplayVerdict(bool Allowed, string Reason);
