using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Messaging.Kafka.Sending;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// The bus outbox: a produce outside a consume becomes an outbox row in the request's DbContext, committed by the
/// caller's SaveChanges together with its own changes (an order row and its OrderPlaced, say). There is no window in
/// which the row exists and the event does not, or the reverse.
/// </summary>
internal sealed class KafkaBusOutbox<TDbContext> : IKafkaBusOutbox
    where TDbContext : DbContext
{
    private readonly TDbContext _db;
    private bool _pending;

    public KafkaBusOutbox(TDbContext db, OutboxSignal signal)
    {
        _db = db;
        // SaveChanges without an explicit transaction commits on return; with one, the delivery service's next poll
        // finds the rows once the caller commits.
        _db.SavedChanges += (_, _) =>
        {
            if (_pending)
            {
                _pending = false;
                signal.Notify();
            }
        };
    }

    public Task Add<T>(KafkaSendContext<T> context, CancellationToken cancellationToken)
        where T : class
    {
        _db.Set<OutboxMessage>().Add(OutboxRecords.ToOutboxMessage(context));
        _pending = true;
        return Task.CompletedTask;
    }
}
