using System.Diagnostics;
using MassTransit;
using MassTransit.Observables;
using MassTransit.Transports;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>
/// MassTransit's send transport for one topic. Because it can create a send context without producing, the
/// transactional outbox can capture Kafka produces like any other send (the official rider cannot: MassTransit
/// issue 3738).
/// </summary>
public sealed class KafkaSendTransport : ISendTransport
{
    private readonly string _topic;
    private readonly KafkaProducerClient _client;
    private readonly KafkaProducerRegistry _registry;
    private readonly SendObservable _observers = new();

    /// <summary>Creates the transport for <paramref name="topic"/>.</summary>
    public KafkaSendTransport(string topic, KafkaProducerClient client, KafkaProducerRegistry registry)
    {
        _topic = topic;
        _client = client;
        _registry = registry;
    }

    /// <inheritdoc />
    public async Task<SendContext<T>> CreateSendContext<T>(T message, IPipe<SendContext<T>> pipe,
        CancellationToken cancellationToken)
        where T : class
    {
        var context = new KafkaSendContext<T>(message, cancellationToken)
        {
            Topic = _topic,
            SchemaVersion = _registry.GetSchemaVersion(message),
        };
        await pipe.Send(context);
        if (string.IsNullOrEmpty(context.PartitionKey))
        {
            context.PartitionKey = _registry.TryGetKey(message) ?? context.CorrelationId?.ToString()
                ?? throw new InvalidOperationException(
                    $"{typeof(T).Name} sent to {_topic} has no key: register it with " +
                    $"AddProducer<{typeof(T).Name}>(topic, keyResolver), " +
                    "set a CorrelationId, or call SetPartitionKey.");
        }

        return context;
    }

    /// <inheritdoc />
    public async Task Send<T>(T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken)
        where T : class
    {
        var context = (KafkaSendContext<T>)await CreateSendContext(message, pipe, cancellationToken);
        using var activity = KafkaTelemetry.Source.StartActivity($"{_topic} publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", _topic);
        activity?.SetTag("messaging.message.id", context.MessageId?.ToString());
        activity?.SetTag("messaging.kafka.message.key", context.PartitionKey);

        await _observers.PreSend(context);
        try
        {
            var record = KafkaRecordWriter.Write(context, activity);
            var delivered = await _client.ProduceAsync(_topic, record, cancellationToken);
            activity?.SetTag("messaging.destination.partition.id", delivered.Partition.Value);
            activity?.SetTag("messaging.kafka.offset", delivered.Offset.Value);
            KafkaTelemetry.Produced.Add(1, new KeyValuePair<string, object?>("topic", _topic));
            await _observers.PostSend(context);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            await _observers.SendFault(context, ex);
            throw;
        }
    }

    /// <inheritdoc />
    public ConnectHandle ConnectSendObserver(ISendObserver observer) => _observers.Connect(observer);
}
