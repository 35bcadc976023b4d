using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Contracts;
using OrderFulfillment.Orchestrator.Journal;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>
/// Decides whether replaying a dead letter makes sense now, from the state machine and the order's saga and journal,
/// never from a table of states: a message the saga consumes (a reply, OrderPlaced, a deadline) only when the order's
/// current state takes that event (the machine's <c>NextEvents</c>); a message the saga sent (a command, an audit
/// event) only while the order is still in the state that the step which sent it entered (its journal's <c>Sent</c>
/// names the message id) and has not moved since. Anything else is refused with the reason in words.
/// </summary>
public sealed class DeadLetterReplayPolicy(OrdersDbContext db, OrderStateMachine machine)
{
    public async Task<ReplayVerdict> Judge(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        if (letter.Status != DeadLetterStatus.Open)
        {
            return No($"It was {letter.Status} already, by {letter.ActedBy} at {letter.ActedAt:u}: {letter.Note}");
        }

        if (letter.Truncated)
        {
            return No(
                "It is a truncated stand-in (its dead-letter topic refused the whole record): only a prefix of the " +
                "value is kept.");
        }

        if (Topics.Find(letter.SourceTopic) is not { } topic)
        {
            return No($"{letter.SourceTopic} is not a topic of the platform's catalogue.");
        }

        if (letter.OrderId is not { } orderId)
        {
            return No("Its key is not an order id, so no order can be waiting for it: it can only be discarded.");
        }

        var saga =
            await db.Sagas.AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == orderId, cancellationToken);
        var journal = await db.Journal.AsNoTracking().Where(j => j.OrderId == orderId).OrderBy(j => j.Id)
            .ToListAsync(cancellationToken);
        if (letter.MessageId is { } consumedId && journal.FirstOrDefault(j => j.MessageId == consumedId) is { } taken)
        {
            return No(
                $"Order {orderId} took this very message (id {consumedId}) already, at its step {taken.FromState} → " +
                $"{taken.ToState} at {taken.RecordedAt:u}.");
        }

        var order = new OrderPosition(orderId, saga, journal);
        return EventOf(topic.MessageType) is { } consumed
            ? JudgeConsumed(order, consumed, topic.MessageType.Name)
            : JudgeSent(order, letter.MessageId, topic.MessageType.Name);
    }

    /// <summary>
    /// The machine's event raised by <paramref name="messageType"/>; null when the saga does not consume it.
    /// </summary>
    private Event? EventOf(Type messageType) =>
        machine.Events.FirstOrDefault(e => e.GetType().GetInterfaces()
            .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Event<>)
                && i.GetGenericArguments()[0] == messageType));

    private ReplayVerdict JudgeConsumed(OrderPosition order, Event consumed, string messageType)
    {
        // An order without a saga is in the machine's initial state: only OrderPlaced starts one.
        var state = machine.GetState(order.State ?? machine.Initial.Name);
        if (machine.NextEvents(state).Contains(consumed))
        {
            return new ReplayVerdict(true, order.Saga is null
                ? $"{order.Describe()}: {messageType} starts it."
                : $"{order.Describe()}, a state that takes {messageType}.");
        }

        return order.State is null
            ? No($"Order {order.Id} is unknown to the orchestrator (no saga), which only starts one on OrderPlaced; " +
                $"replaying its {messageType} would be discarded.")
            : No($"{order.Describe()} and no longer waits for {messageType}: replaying it would only be ignored by " +
                $"the saga.");
    }

    private static ReplayVerdict JudgeSent(OrderPosition order, Guid? messageId, string messageType)
    {
        if (order.State is null)
        {
            return No(
                $"Order {order.Id} is unknown to the orchestrator (no saga), so it cannot be waiting for its " +
                $"{messageType}.");
        }

        if (messageId is not { } id)
        {
            return No(
                $"The record has no message id, so the journal of order {order.Id} cannot tell which step sent this " +
                $"{messageType}.");
        }

        var step = order.Journal.LastOrDefault(j => j.Sent.Any(s => s.MessageId == id));
        if (step is null)
        {
            return No(
                $"No step in the journal of order {order.Id} sent message {id}: the orchestrator did not send this " +
                $"{messageType} (or its journal was pruned).");
        }

        var movedOn = order.Journal.Any(j => j.Id > step.Id && j.Outcome == "transition")
            || order.State != step.ToState;
        return movedOn
            ? No($"{order.Describe()}; its {messageType} was sent on entering {step.ToState}, a step it has left: " +
                $"replaying it would act for an order that no longer waits for it.")
            : new ReplayVerdict(true,
                $"{order.Describe()}, the step that sent this {messageType} (on {step.EventType}), and waits for its " +
                $"outcome.");
    }

    private static ReplayVerdict No(string reason) => new(false, reason);

    /// <summary>Where an order is: its state (null without a saga), why it was cancelled, and since when.</summary>
    private sealed record OrderPosition(Guid Id, OrderState? Saga, List<TransitionJournalEntry> Journal)
    {
        public string? State => Saga?.CurrentState;

        public string Describe()
        {
            if (Saga is null)
            {
                return $"Order {Id} has no saga yet";
            }

            var reason = Saga.CancellationReason is { } why ? $" ({why})" : string.Empty;
            var since = Journal.LastOrDefault(j => j.Outcome == "transition")?.RecordedAt ?? Saga.UpdatedAt;
            return $"Order {Id} is {State}{reason} since {since:u}";
        }
    }
}
