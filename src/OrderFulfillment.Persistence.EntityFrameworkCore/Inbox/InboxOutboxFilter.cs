using System.Data;
using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;

/// <summary>
/// Handles one message in one database transaction: the inbox row (skipping the message if this consumer already
/// has one for its id), the consumer's or saga's changes, and every message it produced as outbox rows. Nothing is
/// produced before that transaction commits; a failed attempt rolls all of it back, so a retry starts clean.
/// </summary>
internal sealed class InboxOutboxFilter<TDbContext, TMessage>(IConsumeScopeProvider scopes, OutboxConsumeOptions options, OutboxSignal signal)
    : IFilter<ConsumeContext<TMessage>>
    where TDbContext : DbContext
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var messageId = context.GetOriginalMessageId()
            ?? throw new MessageException(typeof(TMessage), "The inbox needs a message id to recognise redeliveries.");
        await using var scope = await scopes.GetScope(context);
        var db = scope.GetService<TDbContext>();
        var cancellationToken = context.CancellationToken;

        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var first = await db.Database.ExecuteSqlRawAsync(OutboxTables.For(db).InsertInbox, [messageId, options.ConsumerId, DateTime.UtcNow], cancellationToken);
        if (first == 0)
        {
            // Already consumed (or being consumed right now by another member, whose insert we waited for).
            LogContext.Debug?.Log("Skipped {MessageId} already consumed by {Consumer}", messageId, options.ConsumerType);
            return;
        }

        var outbox = new OutboxConsumeContext<TDbContext, TMessage>(scope.Context, options, scope.GetService<IServiceProvider>(), db);
        using (scope.PushConsumeContext(outbox))
        {
            await next.Send(outbox);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (outbox.Added > 0)
        {
            signal.Notify();
        }
    }

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateFilterScope("inbox-outbox");
        scope.Add("dbContext", typeof(TDbContext).Name);
        scope.Add("consumer", options.ConsumerType);
    }
}
