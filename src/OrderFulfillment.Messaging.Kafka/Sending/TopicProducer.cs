using MassTransit;
using MassTransit.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace OrderFulfillment.Messaging.Kafka.Sending;

internal sealed class TopicProducer<T>(string topic, IServiceProvider provider) : ITopicProducer<T>
    where T : class
{
    private readonly Uri _address = KafkaTopicAddress.For(topic);

    public async Task Produce(T message, CancellationToken cancellationToken = default) =>
        await (await GetEndpoint()).Send(message, cancellationToken);

    public async Task Produce(T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default) =>
        await (await GetEndpoint()).Send(message, pipe, cancellationToken);

    private Task<ISendEndpoint> GetEndpoint()
    {
        // Inside a consume, go through the consume context: ids flow on, and an outbox there stores the produce.
        var scoped = provider.GetService<IScopedConsumeContextProvider>();
        if (scoped is { HasContext: true })
        {
            return scoped.GetContext().GetSendEndpoint(_address);
        }

        var transports = provider.GetRequiredService<KafkaTopicTransports>();
        var serialization = provider.GetRequiredService<KafkaSerialization>().Serialization;
        return Task.FromResult<ISendEndpoint>(new KafkaSendEndpoint(transports.Get(topic), serialization, _address, null));
    }
}
