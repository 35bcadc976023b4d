using System.Globalization;
using System.Text;
using Confluent.Kafka;
using MassTransit;
using MassTransit.Transports;
using OrderFulfillment.Messaging.Kafka.Sending;
using Headers = Confluent.Kafka.Headers;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// The error and dead-letter pipe of a topic endpoint: a record that could not be deserialized, kept failing after
/// the retry policy, or has no consumer is produced to the dead-letter topic with its original key, value and headers
/// plus headers saying why, where from and when. If that produce fails, this filter throws, so the record is not
/// completed and its offset is not committed.
/// </summary>
internal sealed class KafkaDeadLetterFilter<TContext>(KafkaProducerClient producer, string deadLetterTopic) : IFilter<TContext>
    where TContext : class, ReceiveContext
{
    public async Task Send(TContext context, IPipe<TContext> next)
    {
        if (!context.TryGetPayload<KafkaRecord>(out var record))
        {
            throw new InvalidOperationException("The Kafka dead-letter filter only handles records of Kafka topic endpoints.");
        }

        var mark = context.GetOrAddPayload(() => new DeadLetterMark());
        if (mark.IsDeadLettered)
        {
            await next.Send(context);
            return;
        }

        var exception = (context as ExceptionReceiveContext)?.Exception;
        var reason = exception is null ? "skipped" : IsDeserialization(exception) ? "undeserializable" : "faulted";

        var headers = new Headers();
        foreach (var header in record.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        Add(headers, KafkaHeaders.DeadLetter.Reason, reason);
        Add(headers, KafkaHeaders.DeadLetter.ExceptionType, exception?.GetType().FullName);
        Add(headers, KafkaHeaders.DeadLetter.ExceptionMessage, exception?.Message);
        Add(headers, KafkaHeaders.DeadLetter.SourceTopic, record.Topic);
        Add(headers, KafkaHeaders.DeadLetter.SourcePartition, record.Partition.ToString(CultureInfo.InvariantCulture));
        Add(headers, KafkaHeaders.DeadLetter.SourceOffset, record.Offset.ToString(CultureInfo.InvariantCulture));
        Add(headers, KafkaHeaders.DeadLetter.ConsumerGroup, record.GroupId);
        Add(headers, KafkaHeaders.DeadLetter.Timestamp, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));

        var message = new Message<byte[], byte[]> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers };
        await producer.ProduceAsync(deadLetterTopic, message, CancellationToken.None);
        mark.IsDeadLettered = true;
        KafkaTelemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("topic", record.Topic), new KeyValuePair<string, object?>("reason", reason));
        context.LogMoved(deadLetterTopic, exception?.Message ?? reason);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("kafka-dead-letter").Add("topic", deadLetterTopic);

    private static bool IsDeserialization(Exception exception) =>
        exception is System.Runtime.Serialization.SerializationException or System.Text.Json.JsonException
        || (exception.InnerException is { } inner && IsDeserialization(inner));

    private static void Add(Headers headers, string key, string? value)
    {
        if (value is not null)
        {
            headers.Add(key, Encoding.UTF8.GetBytes(value));
        }
    }
}
