using OrderFulfillment.Contracts;
using OrderFulfillment.Orchestrator.Journal;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>
/// An order and its saga, as <c>GET /orders/{orderId}</c> shows it. Its state is <c>Submitted</c> while OrderPlaced
/// is on its way to the saga. Its <c>CustomerReference</c> is the one given with the order: null when none was, and
/// while the order is Submitted (like its lines and total, it comes from the saga).
/// </summary>
public sealed record OrderView(
    Guid OrderId,
    string TenantId,
    string? CustomerReference,
    string State,
    string? CancellationReason,
    string? TrackingNumber,
    decimal? TotalUsd,
    IReadOnlyList<OrderLine> Lines,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? PlacedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? DeadlineAt,
    IReadOnlyList<JournalView> History);

/// <summary>
/// One journal entry of an order; <c>Actor</c> and <c>Note</c> say who asked for an operator's action and why.
/// </summary>
public sealed record JournalView(
    string EventType,
    Guid? MessageId,
    string FromState,
    string ToState,
    string Outcome,
    string? Topic,
    int? Partition,
    long? Offset,
    IReadOnlyList<SentMessage> Sent,
    string? TraceId,
    DateTimeOffset RecordedAt,
    string? Actor,
    string? Note);

/// <summary>An order in a page of <c>GET /orders</c>.</summary>
public sealed record OrderSummary(Guid OrderId, string TenantId, string CustomerId, string? CustomerReference,
    string State, string? CancellationReason, decimal TotalUsd, DateTimeOffset PlacedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// One page of <c>GET /orders</c>, newest placed first; <c>Next</c> asks for the following page (<c>after=</c>) and is
/// null on the last one.
/// </summary>
public sealed record OrderPage(IReadOnlyList<OrderSummary> Orders, string? Next);
