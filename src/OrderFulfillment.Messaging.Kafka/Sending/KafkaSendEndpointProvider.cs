using MassTransit;
using MassTransit.Observables;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>
/// Resolves <c>topic:</c> addresses to Kafka send endpoints and every other address through
/// <paramref name="fallback"/> (the bus), so a consumer on a topic endpoint can still send to bus queues.
/// </summary>
internal sealed class KafkaSendEndpointProvider(KafkaTopicTransports transports, ISerialization serialization,
    Uri? sourceAddress, ISendEndpointProvider? fallback) : ISendEndpointProvider
{
    private readonly SendObservable _observers = new();

    public Task<ISendEndpoint> GetSendEndpoint(Uri address)
    {
        if (KafkaTopicAddress.TryGetTopic(address, out var topic))
        {
            var endpoint = new KafkaSendEndpoint(transports.Get(topic), serialization, address, sourceAddress);
            endpoint.ConnectSendObserver(_observers);
            return Task.FromResult<ISendEndpoint>(endpoint);
        }

        return fallback?.GetSendEndpoint(address)
            ?? throw new ArgumentException($"{address} is not a Kafka topic address (topic:name).", nameof(address));
    }

    public ConnectHandle ConnectSendObserver(ISendObserver observer) => _observers.Connect(observer);
}
