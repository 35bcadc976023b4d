using MassTransit;
using MassTransit.Context;
using MassTransit.Initializers;
using MassTransit.Transports;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>
/// A MassTransit send endpoint for one topic. It stamps what MassTransit's own endpoints stamp (serializer,
/// addresses, conversation id) and hands the message to the <see cref="KafkaSendTransport"/>. It is a transport
/// endpoint, so MassTransit's outbox wraps it and stores sends instead of producing them.
/// </summary>
public sealed class KafkaSendEndpoint : ITransportSendEndpoint
{
    private readonly KafkaSendTransport _transport;
    private readonly ISerialization _serialization;
    private readonly Uri _address;
    private readonly Uri? _sourceAddress;

    /// <summary>Creates the endpoint.</summary>
    public KafkaSendEndpoint(KafkaSendTransport transport, ISerialization serialization, Uri address,
        Uri? sourceAddress)
    {
        _transport = transport;
        _serialization = serialization;
        _address = address;
        _sourceAddress = sourceAddress;
    }

    /// <inheritdoc />
    public Task<SendContext<T>> CreateSendContext<T>(T message, IPipe<SendContext<T>> pipe,
        CancellationToken cancellationToken)
        where T : class =>
        _transport.CreateSendContext(message, new StampPipe<T>(this, pipe), cancellationToken);

    /// <inheritdoc />
    public Task Send<T>(T message, CancellationToken cancellationToken = default)
        where T : class =>
        _transport.Send(message, new StampPipe<T>(this, Pipe.Empty<SendContext<T>>()), cancellationToken);

    /// <inheritdoc />
    public Task Send<T>(T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default)
        where T : class =>
        _transport.Send(message, new StampPipe<T>(this, pipe), cancellationToken);

    /// <inheritdoc />
    public Task Send<T>(T message, IPipe<SendContext> pipe, CancellationToken cancellationToken = default)
        where T : class =>
        _transport.Send(message, new StampPipe<T>(this, pipe), cancellationToken);

    /// <inheritdoc />
    public Task Send(object message, CancellationToken cancellationToken = default) =>
        SendEndpointConverterCache.Send(this, message, message.GetType(), cancellationToken);

    /// <inheritdoc />
    public Task Send(object message, Type messageType, CancellationToken cancellationToken = default) =>
        SendEndpointConverterCache.Send(this, message, messageType, cancellationToken);

    /// <inheritdoc />
    public Task Send(object message, IPipe<SendContext> pipe, CancellationToken cancellationToken = default) =>
        SendEndpointConverterCache.Send(this, message, message.GetType(), pipe, cancellationToken);

    /// <inheritdoc />
    public Task Send(object message, Type messageType, IPipe<SendContext> pipe,
        CancellationToken cancellationToken = default) =>
        SendEndpointConverterCache.Send(this, message, messageType, pipe, cancellationToken);

    /// <inheritdoc />
    public async Task Send<T>(object values, CancellationToken cancellationToken = default)
        where T : class =>
        await Send(await MessageInitializerCache<T>.InitializeMessage(values, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async Task Send<T>(object values, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default)
        where T : class =>
        await Send(await MessageInitializerCache<T>.InitializeMessage(values, cancellationToken), pipe,
            cancellationToken);

    /// <inheritdoc />
    public async Task Send<T>(object values, IPipe<SendContext> pipe, CancellationToken cancellationToken = default)
        where T : class =>
        await Send(await MessageInitializerCache<T>.InitializeMessage(values, cancellationToken), pipe,
            cancellationToken);

    /// <inheritdoc />
    public ConnectHandle ConnectSendObserver(ISendObserver observer) => _transport.ConnectSendObserver(observer);

    private sealed class StampPipe<T>(KafkaSendEndpoint endpoint, IPipe<SendContext<T>>? pipe) : IPipe<SendContext<T>>
        where T : class
    {
        private readonly IPipe<SendContext>? _untypedPipe;

        public StampPipe(KafkaSendEndpoint endpoint, IPipe<SendContext> pipe)
            : this(endpoint, (IPipe<SendContext<T>>?)null) =>
            _untypedPipe = pipe;

        public async Task Send(SendContext<T> context)
        {
            context.Serialization = endpoint._serialization;
            context.Serializer = endpoint._serialization.GetMessageSerializer();
            context.DestinationAddress = endpoint._address;
            context.SourceAddress ??= endpoint._sourceAddress;

            // A pipe that is also a send-context pipe (MassTransit's consume-context adapter is one) carries the
            // consumed message's conversation, initiator and source onto this message; it must run first.
            var caller = (object?)pipe ?? _untypedPipe;
            if (caller is ISendContextPipe sendContextPipe)
            {
                await sendContextPipe.Send(context);
            }

            if (pipe is not null)
            {
                await pipe.Send(context);
            }

            if (_untypedPipe is not null)
            {
                await _untypedPipe.Send(context);
            }

            // Only after the caller's pipe: inside a consume it carries the conversation on, which must win.
            context.ConversationId ??= NewId.NextGuid();
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("kafka-send");
    }
}
