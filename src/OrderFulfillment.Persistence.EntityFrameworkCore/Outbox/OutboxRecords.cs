using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Headers = Confluent.Kafka.Headers;
using MassTransit;
using OrderFulfillment.Messaging.Kafka.Sending;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>Converts between Kafka records and outbox rows.</summary>
internal static class OutboxRecords
{
    public static OutboxMessage ToOutboxMessage<T>(SendContext<T> context)
        where T : class
    {
        if (context is not KafkaSendContext<T> kafka)
        {
            throw new InvalidOperationException(
                $"Only Kafka topics (topic:name) can be sent through the outbox; {typeof(T).Name} was sent to " +
                $"{context.DestinationAddress}.");
        }

        var record = KafkaRecordWriter.Write(kafka);
        var headers = record.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes()));
        return new OutboxMessage
        {
            MessageId = context.MessageId ?? throw new InvalidOperationException("Outbox messages need a message id."),
            ConversationId = context.ConversationId,
            Topic = kafka.Topic,
            Key = kafka.PartitionKey ?? string.Empty,
            Value = record.Value,
            Headers = JsonSerializer.Serialize(headers),
            Created = DateTime.UtcNow,
        };
    }

    public static Message<byte[], byte[]> ToRecord(OutboxMessage message)
    {
        var headers = new Headers();
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(message.Headers) ?? [])
        {
            headers.Add(key, Encoding.UTF8.GetBytes(value));
        }

        return new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(message.Key), Value = message.Value,
            Headers = headers };
    }
}
