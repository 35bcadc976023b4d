using System.Text.Json;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>
/// Replay one dead letter: <c>note</c> says why; <c>body</c>, when given, replaces its body (edit and replay).
/// </summary>
public sealed record ReplayRequest(string? Note, JsonElement? Body);

/// <summary>Discard one dead letter: <c>note</c> says why.</summary>
public sealed record DiscardRequest(string? Note);

/// <summary>
/// Replay every open dead letter of a group: the list's filters (at least one of reason, messageType, sourceTopic) and
/// why.
/// </summary>
public sealed record GroupReplayRequest(string? Note, string? Service, string? Tenant, string? MessageType,
    string? SourceTopic, string? Reason, string? Exception, DateTimeOffset? From, DateTimeOffset? To)
{
    public DeadLetterFilter Filter => new(Service, Tenant, MessageType, SourceTopic, Reason, Exception, From, To);
}

/// <summary>A dead letter of a group replay that was not replayed, and why.</summary>
public sealed record RefusedReplay(long Id, string Reason);

/// <summary>
/// What a group replay did: how many open dead letters matched, those replayed, those refused with their reasons, and
/// whether more matched than one call replays (<c>more</c>: call again).
/// </summary>
public sealed record GroupReplayResult(int Matched, IReadOnlyList<DeadLetterSummary> Replayed,
    IReadOnlyList<RefusedReplay> Refused, bool More);

/// <summary>The operator's note, checked.</summary>
internal static class OperatorNote
{
    public const int MaxLength = 2000;

    public static Dictionary<string, string[]> Errors(string? note) =>
        string.IsNullOrWhiteSpace(note) ? new() { ["note"] = ["Required: say why."] }
        : note.Length > MaxLength ? new() { ["note"] = [$"At most {MaxLength} characters."] }
        : [];
}
