using System.Data;
using System.Diagnostics;
using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;
using OrderFulfillment.Persistence.EntityFrameworkCore.Transactions;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;

/// <summary>
/// Handles one message atomically: the inbox row (skipping the message if this consumer already has one for its id),
/// the consumer's or saga's changes, and every message it produced as outbox rows. Nothing is produced before they
/// commit; a failed attempt rolls all of it back, so a retry starts clean. With shared transactions the message runs
/// in a savepoint of a transaction it shares with other messages, and returns only once that transaction committed,
/// so its offset is never committed before its effects; otherwise it has a transaction of its own.
/// </summary>
internal sealed class InboxOutboxFilter<TDbContext, TMessage>(IConsumeScopeProvider scopes,
    OutboxConsumeOptions options, InboxConsumer consumer, OutboxSignal signal, SharedTransactions<TDbContext>? shared)
    : IFilter<ConsumeContext<TMessage>>
    where TDbContext : DbContext
    where TMessage : class
{
    private readonly KeyValuePair<string, object?> _consumerTag = new("consumer", consumer.Name);

    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var started = Stopwatch.GetTimestamp();
        var messageId = context.GetOriginalMessageId()
            ?? throw new MessageException(typeof(TMessage), "The inbox needs a message id to recognise redeliveries.");
        await using var scope = await scopes.GetScope(context);
        var db = scope.GetService<TDbContext>();
        var cancellationToken = context.CancellationToken;

        try
        {
            var consumed = shared is null
                ? await Handle(db, messageId, scope, next, cancellationToken)
                : await HandleShared(shared, db, messageId, scope, next, cancellationToken);
            if (!consumed)
            {
                // Already consumed (or being consumed right now by another member, whose insert we waited for). It
                // is acknowledged as consumed by this consumer: MassTransit would otherwise treat the message as
                // skipped (no consumer took it) and move it to the dead-letter topic.
                PersistenceTelemetry.Duplicates.Add(1, _consumerTag);
                LogContext.Debug?.Log("Skipped {MessageId} already consumed by {Consumer}", messageId,
                    options.ConsumerType);
                await context.NotifyConsumed(context, Stopwatch.GetElapsedTime(started), options.ConsumerType);
            }
        }
        catch
        {
            // The scope (and its DbContext) may outlive this attempt: a retry can be handed the same scope, and its
            // change tracker still holds what this attempt added or changed. Saving those again would replay the
            // failure (a unique violation, say) on every attempt. The next attempt must start from the database.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateFilterScope("inbox-outbox");
        scope.Add("dbContext", typeof(TDbContext).Name);
        scope.Add("consumer", options.ConsumerType);
        scope.Add("duplicateDetectionWindow", consumer.Window);
    }

    /// <summary>Runs the message in a transaction of its own; false if this consumer had already consumed it.</summary>
    private async Task<bool> Handle(TDbContext db, Guid messageId, IConsumeScopeContext<TMessage> scope,
        IPipe<ConsumeContext<TMessage>> next, CancellationToken cancellationToken)
    {
        await using var transaction =
            await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var added = await Consume(db, messageId, scope, next, cancellationToken);
        if (added is null)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        if (added > 0)
        {
            signal.Notify();
        }

        return true;
    }

    /// <summary>
    /// Runs the message in its savepoint of a shared transaction, and waits for that transaction's commit.
    /// </summary>
    private async Task<bool> HandleShared(SharedTransactions<TDbContext> transactions, TDbContext db, Guid messageId,
        IConsumeScopeContext<TMessage> scope, IPipe<ConsumeContext<TMessage>> next, CancellationToken cancellationToken)
    {
        var turn = await transactions.TakeTurnAsync(cancellationToken);
        int? added;
        try
        {
            await turn.EnlistAsync(db, cancellationToken);
            added = await Consume(db, messageId, scope, next, cancellationToken);
        }
        catch
        {
            await turn.FailAsync(db);
            throw;
        }

        turn.Succeed(db, added > 0);
        await turn.Committed;
        return added is not null;
    }

    /// <summary>
    /// The inbox row, the consumer, and its changes saved: the number of outbox rows it added, or null if this consumer
    /// had already consumed the message.
    /// </summary>
    private async Task<int?> Consume(TDbContext db, Guid messageId, IConsumeScopeContext<TMessage> scope,
        IPipe<ConsumeContext<TMessage>> next, CancellationToken cancellationToken)
    {
        var tables = OutboxTables.For(db);
        var first = consumer.LegacyId is { } legacy
            ? await db.Database.ExecuteSqlRawAsync(tables.InsertInboxUnlessLegacy,
                [messageId, options.ConsumerId, DateTime.UtcNow, legacy], cancellationToken)
            : await db.Database.ExecuteSqlRawAsync(tables.InsertInbox, [messageId, options.ConsumerId, DateTime.UtcNow],
                cancellationToken);
        if (first == 0)
        {
            return null;
        }

        var outbox = new OutboxConsumeContext<TDbContext, TMessage>(scope.Context, options,
            scope.GetService<IServiceProvider>(), db);
        // Set inside this async method, so it flows to the consumer and SaveChanges and ends when the method returns.
        ConsumingMessage.Set(outbox);
        using (scope.PushConsumeContext(outbox))
        {
            await next.Send(outbox);
        }

        await db.SaveChangesAsync(cancellationToken);
        return outbox.Added;
    }
}
