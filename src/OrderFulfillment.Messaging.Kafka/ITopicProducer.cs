using MassTransit;

namespace OrderFulfillment.Messaging.Kafka;

/// <summary>
/// Produces <typeparamref name="T"/> to its registered topic, keyed by its aggregate id. Inside a consumer or saga it
/// produces through the consume context, so the transactional outbox captures it; elsewhere it produces directly.
/// Each produced message gets a new message id. Failures surface as exceptions.
/// </summary>
/// <typeparam name="T">The message type, registered with <c>rider.AddProducer&lt;T&gt;(topic,
/// keyResolver)</c>.</typeparam>
public interface ITopicProducer<T>
    where T : class
{
    /// <summary>Produces the message and returns once the cluster acknowledged it (or the outbox stored it).</summary>
    Task Produce(T message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Produces the message after <paramref name="pipe"/> adjusted its send context (headers, key, ids).
    /// </summary>
    Task Produce(T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default);
}
