using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.Orchestrator.Journal;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>
/// What became of an operator's action: requested of the saga, refused with <see cref="Reason"/>, or no such order.
/// </summary>
public sealed record ActionOutcome(OrderActionAccepted? Accepted, string? Reason, string? State)
{
    public bool NotFound => Accepted is null && Reason is null;
}

/// <summary>
/// Operators' actions on an order, of any tenant. None writes the saga: each commits a command for the saga to its
/// outbox (in the order's partition of the orchestrator's own topic) when the state machine says the order's current
/// state acts on it, and the saga decides when it takes it, ordered with the workers' replies.
/// </summary>
public sealed class OrderActions(OrdersDbContext db, OrderStateMachine machine, SagaGraph graph, TimeProvider time,
    ITopicProducer<RetryOrderStep> retry, ITopicProducer<ExtendOrderDeadline> extend,
    ITopicProducer<CancelOrder> cancel)
{
    /// <summary>
    /// Asks the saga to re-send the command its state waits on: the last one the order's journal lists as sent.
    /// </summary>
    public async Task<ActionOutcome> Retry(Guid orderId, string actor, string note, CancellationToken cancellationToken)
    {
        if (await Read(orderId, cancellationToken) is not { } order)
        {
            return new ActionOutcome(null, null, null);
        }

        if (Refusal(orderId, order.State, machine.RetryRequested) is { } refused)
        {
            return new ActionOutcome(null, refused, order.State);
        }

        var sent = await db.Journal.AsNoTracking().Where(j => j.OrderId == orderId).OrderByDescending(j => j.Id)
            .Select(j => j.Sent)
            .ToListAsync(cancellationToken);
        if (sent.FirstOrDefault(s => s.Count > 0)?[^1] is not { } command)
        {
            return new ActionOutcome(null,
                $"Order {orderId} is {order.State}, but its journal lists no command sent: there is nothing to send " +
                $"again.", order.State);
        }

        await retry.Produce(new RetryOrderStep(NewId.NextGuid(), time.GetUtcNow(), orderId, order.TenantId, order.State,
            actor, note), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Accepted(orderId, order.State, "retry", command, null);
    }

    /// <summary>
    /// Asks the saga to move the current deadline to <paramref name="by"/> after it (or after now, if it has passed).
    /// </summary>
    public async Task<ActionOutcome> ExtendDeadline(Guid orderId, TimeSpan by, string actor, string note,
        CancellationToken cancellationToken)
    {
        if (await Read(orderId, cancellationToken) is not { } order)
        {
            return new ActionOutcome(null, null, null);
        }

        var refused = Refusal(orderId, order.State, machine.DeadlineExtensionRequested)
            ?? (order.DeadlineAt is null ? $"Order {orderId} is {order.State} and has no deadline to extend." : null);
        if (refused is not null)
        {
            return new ActionOutcome(null, refused, order.State);
        }

        var (now, deadline) = (time.GetUtcNow(), order.DeadlineAt!.Value);
        var deadlineAt = (deadline > now ? deadline : now) + by;
        await extend.Produce(new ExtendOrderDeadline(NewId.NextGuid(), now, orderId, order.TenantId,
            order.DeadlineVersion, deadlineAt, actor, note), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Accepted(orderId, order.State, "extend-deadline", null, deadlineAt);
    }

    /// <summary>Cancels as the customer's cancellation does, with reason operator_requested and who and why.</summary>
    public async Task<ActionOutcome> Cancel(Guid orderId, string actor, string note,
        CancellationToken cancellationToken)
    {
        if (await Read(orderId, cancellationToken) is not { } order)
        {
            return new ActionOutcome(null, null, null);
        }

        if (Refusal(orderId, order.State, machine.CancellationRequested) is { } refused)
        {
            return new ActionOutcome(null, refused, order.State);
        }

        await cancel.Produce(new CancelOrder(NewId.NextGuid(), time.GetUtcNow(), orderId, order.TenantId,
            CancellationReasons.OperatorRequested, actor, note), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Accepted(orderId, order.State, "cancel", null, null);
    }

    private static ActionOutcome Accepted(Guid orderId, string state, string action, SentMessage? command,
        DateTimeOffset? deadlineAt) =>
        new(new OrderActionAccepted(orderId, state, action, command, deadlineAt), null, state);

    /// <summary>
    /// Why the saga would not act on <paramref name="event"/> in <paramref name="state"/>, asked of the machine; null
    /// when it would.
    /// </summary>
    private string? Refusal(Guid orderId, string state, Event @event)
    {
        var sagaState = state == OrderQueries.Submitted ? machine.Initial : machine.GetState(state);
        var accepts = machine.NextEvents(sagaState).ToList();
        if (accepts.Contains(@event))
        {
            return null;
        }

        var message = SagaGraph.MessageName(@event);
        return graph.IsFinal(state)
            ? $"Order {orderId} is {state}: it is finished, and a {state} order does not act on {message}."
            : $"Order {orderId} is {state}, where the saga does not act on {message} (it acts on " +
                $"{string.Join(", ", accepts.Select(SagaGraph.MessageName))}).";
    }

    private sealed record OrderRead(string TenantId, string State, DateTimeOffset? DeadlineAt, int DeadlineVersion);

    private async Task<OrderRead?> Read(Guid orderId, CancellationToken cancellationToken) =>
        await db.Sagas.AsNoTracking().Where(s => s.CorrelationId == orderId)
            .Select(s => new OrderRead(s.TenantId, s.CurrentState, s.DeadlineAt, s.DeadlineVersion))
            .SingleOrDefaultAsync(cancellationToken)
        ?? await db.Submissions.AsNoTracking().Where(s => s.OrderId == orderId)
            .Select(s => new OrderRead(s.TenantId, OrderQueries.Submitted, null, 0))
            .SingleOrDefaultAsync(cancellationToken);
}
