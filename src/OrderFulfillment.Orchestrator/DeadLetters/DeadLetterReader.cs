using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using OrderFulfillment.Contracts;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Messaging.Kafka;
using DeadLetterHeaders = OrderFulfillment.Messaging.Kafka.KafkaHeaders.DeadLetter;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>
/// Reads a record of a <c>.dlq</c> topic into a <see cref="DeadLetter"/>. Nothing in it is trusted to be well formed:
/// a key that is no order id, a value that is no Avro record, a header that is no UTF-8 are all kept as they are and
/// described, never a reason to fail. Only a registry that cannot be asked (<see
/// cref="DeserializerUnavailableException"/>) throws, so that the record is read again later rather than stored as
/// unreadable.
/// </summary>
internal sealed class DeadLetterReader(RegisteredSchemas schemas, TimeProvider time)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public DeadLetter Read(ConsumeResult<byte[], byte[]> record)
    {
        var message = record.Message;
        var headers = (message.Headers ?? []).Select(h => Header(h.Key, h.GetValueBytes())).ToList();
        var source = Last(headers, DeadLetterHeaders.SourceTopic) ?? SourceOf(record.Topic);
        var group = Last(headers, DeadLetterHeaders.ConsumerGroup);
        var (body, bodyError) = Decode(message.Value ?? []);
        int? sourcePartition = int.TryParse(Last(headers, DeadLetterHeaders.SourcePartition),
            CultureInfo.InvariantCulture, out var p) ? p : null;
        long? sourceOffset = long.TryParse(Last(headers, DeadLetterHeaders.SourceOffset), CultureInfo.InvariantCulture,
            out var o) ? o : null;
        return new DeadLetter
        {
            Topic = record.Topic,
            Partition = record.Partition.Value,
            Offset = record.Offset.Value,
            SourceTopic = source,
            SourcePartition = sourcePartition,
            SourceOffset = sourceOffset,
            Service = group?.Split('.')[0],
            ConsumerGroup = group,
            MessageType = Topics.Find(source)?.MessageType.Name ?? "unknown",
            OrderId = message.Key is { } key && Text(key) is { } text && Guid.TryParse(text, out var orderId) ? orderId
            : null,
            TenantId = body is { } json && json.TryGetProperty("tenantId", out var tenant)
            && tenant.ValueKind == JsonValueKind.String ? tenant.GetString() : null,
            MessageId = MessageIdOf(headers, source, sourcePartition, sourceOffset),
            Reason = Last(headers, DeadLetterHeaders.Reason) ?? "unknown",
            Field = Last(headers, DeadLetterHeaders.Field),
            ExceptionType = Last(headers, DeadLetterHeaders.ExceptionType),
            ExceptionMessage = Last(headers, DeadLetterHeaders.ExceptionMessage),
            DeadLetteredAt = DateTimeOffset.TryParse(Last(headers, DeadLetterHeaders.Timestamp),
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at.ToUniversalTime()
                : record.Message.Timestamp.UtcDateTime,
            IndexedAt = time.GetUtcNow(),
            Key = message.Key,
            Value = message.Value ?? [],
            Headers = headers,
            Body = body?.GetRawText(),
            BodyError = bodyError,
            Truncated = Last(headers, DeadLetterHeaders.Truncated) == "true",
        };
    }

    /// <summary>
    /// The message id the consumer saw: the record's header, or, for a record without one, the id the rider derives
    /// from the record's place in its source topic (SHA-256 of <c>topic/partition/offset</c>, as in the rider's
    /// header provider), so a replay can carry the same id.
    /// </summary>
    private static Guid? MessageIdOf(List<DeadLetterHeader> headers, string sourceTopic, int? partition, long? offset)
    {
        if (Guid.TryParse(Last(headers, KafkaHeaders.MessageId), out var id))
        {
            return id;
        }

        return partition is null || offset is null
            ? null
            : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant(
                $"{sourceTopic}/{partition}/{offset}"))).AsSpan(0, 16));
    }

    /// <summary>The value as JSON, or why it is not a readable Avro record.</summary>
    private (JsonElement? Body, string? Error) Decode(byte[] value)
    {
        try
        {
            var body = AvroJson.Decode(value, schemas);
            // PostgreSQL's jsonb has no NUL character: such a body is shown by its bytes only.
            return body.GetRawText().Contains("\\u0000", StringComparison.Ordinal)
                ? (null, "The record holds NUL characters, which cannot be shown as JSON.")
                : (body, null);
        }
        catch (DeserializerUnavailableException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Anything a foreign value can make the decoder throw: the record is still listed, with the reason.
            return (null, ex.Message);
        }
    }

    /// <summary>A <c>.dlq</c> topic's source topic, for a record without the header naming it.</summary>
    private static string SourceOf(string deadLetterTopic) =>
        deadLetterTopic.EndsWith(".dlq", StringComparison.Ordinal) ? deadLetterTopic[..^".dlq".Length]
        : deadLetterTopic;

    private static DeadLetterHeader Header(string name, byte[]? value) =>
        Text(value ?? []) is { } text ? new DeadLetterHeader(name, text)
        : new DeadLetterHeader(name, Convert.ToBase64String(value!), Base64: true);

    private static string? Last(List<DeadLetterHeader> headers, string name) =>
        headers.LastOrDefault(h => h.Name == name && !h.Base64)?.Value;

    private static string? Text(byte[] bytes)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            // PostgreSQL text has no NUL character either: such a value is kept as base64.
            return text.Contains('\0', StringComparison.Ordinal) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The header's value as the record carried it.</summary>
    public static byte[] Bytes(DeadLetterHeader header) =>
        header.Base64 ? Convert.FromBase64String(header.Value) : Encoding.UTF8.GetBytes(header.Value);
}
