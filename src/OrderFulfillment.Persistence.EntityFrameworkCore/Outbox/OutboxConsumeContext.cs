using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// The consume context a consumer or saga sees inside the inbox/outbox transaction. MassTransit's outbox proxy routes
/// its sends and publishes here; each becomes an <see cref="OutboxMessage"/> row in the same DbContext, committed
/// with the consumer's state or not at all.
/// </summary>
internal sealed class OutboxConsumeContext<TDbContext, TMessage>(ConsumeContext<TMessage> context,
    OutboxConsumeOptions options, IServiceProvider provider, TDbContext db)
    : OutboxConsumeContextProxy<TMessage>(context, options, provider)
    where TDbContext : DbContext
    where TMessage : class
{
    public int Added { get; private set; }

    // The delivery passes of MassTransit's own outbox do not apply: delivery happens after commit, in the background.
    public override bool ContinueProcessing { get => false; set { } }

    public override bool IsMessageConsumed => false;

    public override bool IsOutboxDelivered => false;

    public override int ReceiveCount => 0;

    public override long? LastSequenceNumber => null;

    public override Task AddSend<T>(SendContext<T> context)
    {
        db.Set<OutboxMessage>().Add(OutboxRecords.ToOutboxMessage(context));
        Added++;
        return Task.CompletedTask;
    }

    public override Task SetConsumed() => Task.CompletedTask;

    public override Task SetDelivered() => Task.CompletedTask;

    public override Task<List<OutboxMessageContext>> LoadOutboxMessages() =>
        Task.FromResult(new List<OutboxMessageContext>());

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message) => Task.CompletedTask;

    public override Task RemoveOutboxMessages() => Task.CompletedTask;
}
