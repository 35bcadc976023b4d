using MassTransit;
using MassTransit.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace OrderFulfillment.Messaging.Kafka.Sending;

internal sealed class TopicProducer<T>(string topic, IServiceProvider provider) : ITopicProducer<T>
    where T : class
{
    private readonly Uri _address = KafkaTopicAddress.For(topic);

    public Task Produce(T message, CancellationToken cancellationToken = default) =>
        Produce(message, Pipe.Empty<SendContext<T>>(), cancellationToken);

    public async Task Produce(T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default)
    {
        // Inside a consume, go through the consume context, so an outbox there stores the produce, and carry the
        // conversation on (conversation id, initiator, source) before the caller's pipe has its say.
        var scoped = provider.GetService<IScopedConsumeContextProvider>();
        if (scoped is { HasContext: true })
        {
            var consumeContext = scoped.GetContext();
            var endpoint = await consumeContext.GetSendEndpoint(_address);
            await endpoint.Send(message, Pipe.Execute<SendContext<T>>(async context =>
            {
                context.TransferConsumeContextHeaders(consumeContext);
                await pipe.Send(context);
            }), cancellationToken);
            return;
        }

        var direct = DirectEndpoint();
        if (provider.GetService<IKafkaBusOutbox>() is { } outbox)
        {
            var context = (KafkaSendContext<T>)await direct.CreateSendContext(message, pipe, cancellationToken);
            await outbox.Add(context, cancellationToken);
            return;
        }

        await direct.Send(message, pipe, cancellationToken);
    }

    private KafkaSendEndpoint DirectEndpoint()
    {

        var transports = provider.GetRequiredService<KafkaTopicTransports>();
        var serialization = provider.GetRequiredService<KafkaSerialization>().Serialization;
        return new KafkaSendEndpoint(transports.Get(topic), serialization, _address, null);
    }
}
