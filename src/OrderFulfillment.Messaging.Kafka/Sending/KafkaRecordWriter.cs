using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Headers = Confluent.Kafka.Headers;
using MassTransit;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>
/// Turns a send context into a Kafka record: key, serialized value and headers. An outbox stores exactly this record,
/// so what it delivers later is byte for byte what a direct produce would have written.
/// </summary>
public static class KafkaRecordWriter
{
    // Written from the context's own properties below; copies of them in the header dictionary (for instance the ids
    // TransferConsumeContextHeaders copies from the consumed record) must never reach the wire.
    private static readonly HashSet<string> OwnHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        KafkaHeaders.MessageId, KafkaHeaders.CorrelationId, KafkaHeaders.ConversationId, KafkaHeaders.InitiatorId,
        KafkaHeaders.MessageType, KafkaHeaders.ContentType, KafkaHeaders.SourceAddress, KafkaHeaders.SchemaVersion,
        KafkaHeaders.TraceParent, KafkaHeaders.TraceState, MessageHeaders.RequestId, "DestinationAddress",
        MessageHeaders.TransportSentTime,
    };

    /// <summary>
    /// Serializes the message and writes its headers; <paramref name="activity"/> (or the current one) is the trace
    /// parent.
    /// </summary>
    public static Message<byte[], byte[]> Write<T>(KafkaSendContext<T> context, Activity? activity = null)
        where T : class
    {
        // Serialize first: the raw JSON serializer adds its transport headers to the context while it writes.
        var body = context.Serializer.GetMessageBody(context).GetBytes();
        var headers = new Headers();
        foreach (var header in context.Headers.GetAll())
        {
            if (!OwnHeaders.Contains(header.Key) && !header.Key.StartsWith("MT-", StringComparison.Ordinal)
                && header.Value is not null)
            {
                Add(headers, header.Key, Convert.ToString(header.Value, CultureInfo.InvariantCulture));
            }
        }

        Add(headers, KafkaHeaders.MessageId, context.MessageId?.ToString());
        Add(headers, KafkaHeaders.CorrelationId, context.CorrelationId?.ToString());
        Add(headers, KafkaHeaders.ConversationId, context.ConversationId?.ToString());
        Add(headers, KafkaHeaders.InitiatorId, context.InitiatorId?.ToString());
        Add(headers, MessageHeaders.RequestId, context.RequestId?.ToString());
        Add(headers, KafkaHeaders.MessageType, string.Join(';', context.SupportedMessageTypes));
        Add(headers, KafkaHeaders.ContentType, context.ContentType?.MediaType);
        Add(headers, KafkaHeaders.SourceAddress, context.SourceAddress?.ToString());
        Add(headers, KafkaHeaders.SchemaVersion, context.SchemaVersion.ToString(CultureInfo.InvariantCulture));
        if ((activity ?? Activity.Current) is { IdFormat: ActivityIdFormat.W3C } trace)
        {
            Add(headers, KafkaHeaders.TraceParent, trace.Id);
            Add(headers, KafkaHeaders.TraceState, trace.TraceStateString);
        }

        return new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(context.PartitionKey ?? string.Empty),
            Value = body,
            Headers = headers,
        };
    }

    private static void Add(Headers headers, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            headers.Add(key, Encoding.UTF8.GetBytes(value));
        }
    }
}
