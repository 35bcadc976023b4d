using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Messaging.Kafka.Receiving;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.Orchestrator.Telemetry;
using OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Orchestrator.Journal;

/// <summary>
/// Writes a journal entry for every saga row a message changes, in the same SaveChanges (and so the same
/// transaction) as the change itself. It sits on the DbContext rather than in the state machine because only here
/// are all the facts at hand: the row's previous and new state, every outbox row the step produced, and the Kafka
/// record being consumed. One instance serves every (pooled) DbContext: the message comes from
/// <see cref="ConsumingMessage"/>, and metrics wait for the save in a table keyed by the context.
/// </summary>
internal sealed class TransitionJournalInterceptor(TimeProvider time, OrderMetrics metrics) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<Action>> _afterSave = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EmitMetrics(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        EmitMetrics(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Record(DbContext? context)
    {
        // Only messages drive the saga: the API's submissions and the deadline sweep are not steps.
        if (context is not OrdersDbContext db || ConsumingMessage.Current is not { } consume)
        {
            return;
        }

        var steps = db.ChangeTracker.Entries<OrderState>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        if (steps.Count == 0)
        {
            return;
        }

        var sent = db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity).ToList();
        consume.TryGetPayload<KafkaRecord>(out var record);
        var now = time.GetUtcNow();
        var afterSave = _afterSave.GetOrCreateValue(db);
        foreach (var step in steps)
        {
            var entry = Describe(step, consume, record, sent, now);
            db.Journal.Add(entry);
            if (entry.Outcome == "transition")
            {
                // Set here, with the journal's own time, so "how long in this state" agrees with the timeline.
                step.Entity.StateEnteredAt = now;
                var (saga, since) =
                    (step.Entity,
                        step.State == EntityState.Added ? step.Entity.PlacedAt
                        : step.OriginalValues.GetValue<DateTimeOffset>(nameof(OrderState.UpdatedAt)));
                afterSave.Add(() => metrics.StepTook(entry.FromState, entry.ToState, now - since));
                if (saga.CurrentState is nameof(OrderStateMachine.Completed) or nameof(OrderStateMachine.Cancelled))
                {
                    afterSave.Add(() => metrics.Finished(saga.CurrentState, saga.CancellationReason));
                }
            }
        }
    }

    private static TransitionJournalEntry Describe(EntityEntry<OrderState> step, ConsumeContext consume,
        KafkaRecord? record, List<OutboxMessage> sent, DateTimeOffset now)
    {
        var saga = step.Entity;
        var added = step.State == EntityState.Added;
        var from = added ? "Initial" : step.OriginalValues.GetValue<string>(nameof(OrderState.CurrentState));
        var ignored = !added
            && step.OriginalValues.GetValue<int>(nameof(OrderState.IgnoredEvents)) != saga.IgnoredEvents;
        var orderKey = saga.CorrelationId.ToString();
        var (actor, note) = Operator(consume);
        return new TransitionJournalEntry
        {
            OrderId = saga.CorrelationId,
            EventType = MessageTypeName(consume),
            MessageId = consume.MessageId,
            FromState = from,
            ToState = saga.CurrentState,
            Outcome = from != saga.CurrentState ? "transition" : ignored ? "ignored" : "handled",
            Topic = record?.Topic,
            Partition = record?.Partition,
            Offset = record?.Offset,
            Sent = [.. sent.Where(m => m.Key == orderKey)
                .Select(m => new SentMessage(SentTypeName(m), m.Topic, m.MessageId))],
            TraceId = Activity.Current?.TraceId.ToString(),
            RecordedAt = now,
            Actor = actor,
            Note = note,
        };
    }

    private void EmitMetrics(DbContext? context)
    {
        if (context is null || !_afterSave.TryGetValue(context, out var afterSave))
        {
            return;
        }

        foreach (var emit in afterSave)
        {
            emit();
        }

        afterSave.Clear();
    }

    /// <summary>Who asked for an operator's action, and why; nulls for every other message.</summary>
    private static (string? Actor, string? Note) Operator(ConsumeContext consume) => consume switch
    {
        ConsumeContext<CancelOrder> c => (c.Message.Actor, c.Message.Note),
        ConsumeContext<RetryOrderStep> c => (c.Message.Actor, c.Message.Note),
        ConsumeContext<ExtendOrderDeadline> c => (c.Message.Actor, c.Message.Note),
        _ => (null, null),
    };

    /// <summary>
    /// The consumed message's contract name: the type argument of the scope's <c>ConsumeContext&lt;T&gt;</c>.
    /// </summary>
    private static string MessageTypeName(ConsumeContext consume) =>
        consume.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ConsumeContext<>))?
            .GetGenericArguments()[0].Name ?? "unknown";

    /// <summary>
    /// The sent message's contract name, from its MassTransit message type URN (<c>urn:message:Ns:Type</c>).
    /// </summary>
    private static string SentTypeName(OutboxMessage message) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(message.Headers)?.GetValueOrDefault(
            KafkaHeaders.MessageType) is { } urn
            ? urn.Split(';')[0].Split(':')[^1]
            : "unknown";
}
