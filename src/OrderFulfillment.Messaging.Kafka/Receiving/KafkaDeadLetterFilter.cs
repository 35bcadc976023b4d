using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Confluent.Kafka;
using MassTransit;
using MassTransit.Transports;
using OrderFulfillment.Messaging.Kafka.Sending;
using Headers = Confluent.Kafka.Headers;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// The error and dead-letter pipe of a topic endpoint: a record that is invalid, could not be deserialized, kept
/// failing after the retry policy, or has no consumer is produced to the dead-letter topic with its original key,
/// value and headers plus headers saying why, where from and when. A record the dead-letter topic refuses for good
/// (too large, topic missing or unauthorised) is recorded as a truncated dead letter, or, failing that, logged and
/// counted, so it never blocks its partition. A transient produce failure throws, so the record is not completed,
/// its offset is not committed, and it is tried again. A handler cancelled because its partition was revoked or the
/// endpoint stopped is not dead-lettered either: the record goes to the next owner. Nor is a record whose deserializer
/// threw <see cref="DeserializerUnavailableException"/>: it is tried again.
/// </summary>
internal sealed class KafkaDeadLetterFilter<TContext>(KafkaProducerClient producer, string deadLetterTopic)
    : IFilter<TContext>
    where TContext : class, ReceiveContext
{
    public async Task Send(TContext context, IPipe<TContext> next)
    {
        if (!context.TryGetPayload<KafkaRecord>(out var record))
        {
            throw new InvalidOperationException(
                "The Kafka dead-letter filter only handles records of Kafka topic endpoints.");
        }

        var mark = context.GetOrAddPayload(() => new DeadLetterMark());
        if (mark.IsDeadLettered)
        {
            await next.Send(context);
            return;
        }

        var exception = (context as ExceptionReceiveContext)?.Exception;
        if (exception is not null && context.CancellationToken.IsCancellationRequested
            && DeadLetterCause.Chain(exception).Any(e => e is OperationCanceledException))
        {
            ExceptionDispatchInfo.Throw(exception);
        }

        // The record could not be read only because its deserializer's registry was unreachable: try it again later.
        if (exception is not null && DeadLetterCause.Chain(exception).Any(e => e is DeserializerUnavailableException))
        {
            ExceptionDispatchInfo.Throw(exception);
        }

        var cause = DeadLetterCause.Of(exception);
        var headers = new Headers();
        foreach (var header in record.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        var deadLetterHeaders = DeadLetterHeaders(record, cause, exception);
        deadLetterHeaders.ToList().ForEach(h => headers.Add(h.Key, h.GetValueBytes()));
        var message =
            new Message<byte[], byte[]> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers };
        try
        {
            await producer.ProduceAsync(deadLetterTopic, message, CancellationToken.None);
        }
        catch (ProduceException<byte[], byte[]> ex) when (ProduceErrors.IsPermanent(ex.Error))
        {
            await TruncatedDeadLetter.Write(producer, deadLetterTopic, record, deadLetterHeaders, cause.Reason,
                ex.Error);
        }

        mark.IsDeadLettered = true;
        KafkaTelemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("topic", record.Topic),
            new KeyValuePair<string, object?>("reason", cause.Reason));
        context.LogMoved(deadLetterTopic, exception?.Message ?? cause.Reason);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) =>
        context.CreateFilterScope("kafka-dead-letter").Add("topic", deadLetterTopic);

    private static Headers DeadLetterHeaders(KafkaRecord record, DeadLetterCause cause, Exception? exception)
    {
        var headers = new Headers();
        Add(headers, KafkaHeaders.DeadLetter.Reason, cause.Reason);
        Add(headers, KafkaHeaders.DeadLetter.Field, cause.Field);
        Add(headers, KafkaHeaders.DeadLetter.SqlState, cause.SqlState);
        Add(headers, KafkaHeaders.DeadLetter.ExceptionType, exception?.GetType().FullName);
        Add(headers, KafkaHeaders.DeadLetter.ExceptionMessage, exception?.Message);
        Add(headers, KafkaHeaders.DeadLetter.SourceTopic, record.Topic);
        Add(headers, KafkaHeaders.DeadLetter.SourcePartition, record.Partition.ToString(CultureInfo.InvariantCulture));
        Add(headers, KafkaHeaders.DeadLetter.SourceOffset, record.Offset.ToString(CultureInfo.InvariantCulture));
        Add(headers, KafkaHeaders.DeadLetter.ConsumerGroup, record.GroupId);
        Add(headers, KafkaHeaders.DeadLetter.Timestamp, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return headers;
    }

    private static void Add(Headers headers, string key, string? value)
    {
        if (value is not null)
        {
            headers.Add(key, Encoding.UTF8.GetBytes(value));
        }
    }
}
