using OrderFulfillment.Messaging.Kafka.Sending;

namespace OrderFulfillment.Messaging.Kafka;

/// <summary>
/// A scoped outbox for produces outside a consume (an HTTP handler, say). When one is registered, an
/// <see cref="ITopicProducer{T}"/> stores the record in it instead of producing, so the record is committed with the
/// caller's own database changes and delivered after that commit.
/// </summary>
public interface IKafkaBusOutbox
{
    /// <summary>Stores the record described by <paramref name="context"/> for delivery after commit.</summary>
    Task Add<T>(KafkaSendContext<T> context, CancellationToken cancellationToken)
        where T : class;
}
