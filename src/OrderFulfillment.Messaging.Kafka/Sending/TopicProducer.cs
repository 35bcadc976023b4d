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
        // Inside a consume on a topic endpoint, go through the consume context: an outbox there stores the produce,
        // and the conversation (conversation id, initiator, source) carries on. A consume on a bus endpoint would
        // resolve topic: addresses through the bus, which does not know them, so it produces directly instead.
        var scoped = provider.GetService<IScopedConsumeContextProvider>();
        var consumeContext = scoped is { HasContext: true } ? scoped.GetContext() : null;
        if (consumeContext is not null
            && string.Equals(consumeContext.ReceiveContext.InputAddress?.Scheme, KafkaTopicAddress.Scheme,
                StringComparison.OrdinalIgnoreCase))
        {
            var endpoint = await consumeContext.GetSendEndpoint(_address);
            await endpoint.Send(message, pipe, cancellationToken);
            return;
        }

        if (consumeContext is not null)
        {
            var callerPipe = pipe;
            pipe = Pipe.Execute<SendContext<T>>(async context =>
            {
                context.TransferConsumeContextHeaders(consumeContext);
                await callerPipe.Send(context);
            });
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
