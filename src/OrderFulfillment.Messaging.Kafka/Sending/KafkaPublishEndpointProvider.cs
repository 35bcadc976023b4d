using MassTransit;
using MassTransit.Observables;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>
/// Publishing on a topic endpoint produces to the topic registered for the message type with AddProducer. A type with
/// no topic fails loudly rather than going to a bus nobody listens to.
/// </summary>
internal sealed class KafkaPublishEndpointProvider(KafkaTopicTransports transports, ISerialization serialization,
    Uri? sourceAddress)
    : IPublishEndpointProvider
{
    private readonly PublishObservable _observers = new();

    public Task<ISendEndpoint> GetPublishSendEndpoint<T>()
        where T : class
    {
        if (!transports.Registry.TryGetTopic(typeof(T), out var topic))
        {
            throw new InvalidOperationException(
                $"No Kafka topic is registered for {typeof(T).Name}; register it with " +
                $"rider.AddProducer<{typeof(T).Name}>(topic, keyResolver).");
        }

        return Task.FromResult<ISendEndpoint>(
            new KafkaSendEndpoint(transports.Get(topic), serialization, KafkaTopicAddress.For(topic), sourceAddress));
    }

    public ConnectHandle ConnectPublishObserver(IPublishObserver observer) => _observers.Connect(observer);
}
