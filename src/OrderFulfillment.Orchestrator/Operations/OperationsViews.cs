using OrderFulfillment.Orchestrator.Journal;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>
/// <c>GET /operations/saga</c>: the saga's graph as the state machine has it, each state with its figures. Counts of
/// waiting states are as of the last <c>Telemetry:ActiveOrdersInterval</c> count, the rest as of <see cref="AsOf"/>.
/// </summary>
public sealed record SagaOverview(DateTimeOffset? AsOf, double DwellWindowSeconds, IReadOnlyList<SagaStateView> States,
    IReadOnlyList<SagaTransition> Transitions);

/// <summary>
/// One state: <see cref="Kind"/> is <c>initial</c>, <c>waiting</c> or <c>final</c>; <see cref="Orders"/> how many
/// orders are in it (null for <c>Initial</c>); the p50/p95 of the stays in it that ended within the window (null
/// without any); its dwell limit and how many waiting orders exceed it (null without a limit); the messages it acts on.
/// </summary>
public sealed record SagaStateView(string Name, string Kind, long? Orders, int DwellSamples, double? DwellP50Seconds,
    double? DwellP95Seconds, double? DwellLimitSeconds, long? Breaching, IReadOnlyList<string> Accepts);

/// <summary>
/// <c>GET /operations/orders/{id}/timeline</c>: where an order is, what it waits for, and every step so far.
/// </summary>
public sealed record OrderTimeline(Guid OrderId, string TenantId, string State, DateTimeOffset? StateEnteredAt,
    DateTimeOffset? DeadlineAt, IReadOnlyList<string> WaitsFor, IReadOnlyList<TimelineStep> Steps);

/// <summary>
/// One journal entry on a timeline: the message that caused it and where it was read from, what it sent, and how long
/// after the previous entry it came (<see cref="SincePreviousSeconds"/>, null for the first).
/// </summary>
public sealed record TimelineStep(DateTimeOffset RecordedAt, double? SincePreviousSeconds, string EventType,
    Guid? MessageId, string FromState, string ToState, string Outcome, string? Topic, int? Partition, long? Offset,
    IReadOnlyList<SentMessage> Sent, string? TraceId, string? Actor, string? Note);

/// <summary>A waiting order that has been in its state longer than the state's dwell limit.</summary>
public sealed record BreachingOrder(Guid OrderId, string TenantId, string State, DateTimeOffset StateEnteredAt,
    double InStateSeconds, double LimitSeconds, DateTimeOffset? DeadlineAt);

/// <summary>
/// A page of breaching orders, longest in their state first; <see cref="Next"/> asks for the next page (<c>after=</c>).
/// </summary>
public sealed record BreachingPage(IReadOnlyList<BreachingOrder> Orders, string? Next);

/// <summary>
/// An operator's action on an order, committed for the saga (<c>202</c>): the order's <see cref="State"/> when the
/// request was read; for a retry the command to be sent again as the journal last lists it (the saga sends it with a
/// new message id); for a deadline extension the new deadline.
/// </summary>
public sealed record OrderActionAccepted(Guid OrderId, string State, string Action, SentMessage? Command,
    DateTimeOffset? DeadlineAt);

/// <summary>The body of <c>retry</c> and <c>cancel</c>: why the operator acts (required).</summary>
public sealed record OrderActionRequest(string? Note);

/// <summary>The body of <c>extend-deadline</c>: by how much (a TimeSpan, e.g. <c>"00:30:00"</c>) and why.</summary>
public sealed record DeadlineExtensionRequest(TimeSpan? By, string? Note);
