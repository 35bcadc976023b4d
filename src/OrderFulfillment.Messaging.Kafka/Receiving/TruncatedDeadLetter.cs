using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using MassTransit;
using OrderFulfillment.Messaging.Kafka.Sending;
using Headers = Confluent.Kafka.Headers;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// The fallback when the dead-letter topic refused a record for good: a small stand-in that keeps the key, a bounded
/// prefix of the value, the small original headers, the dead-letter headers, and the value's size and SHA-256, so the
/// record is still on file (and can be matched against the source topic) while its offset moves on.
/// </summary>
internal static class TruncatedDeadLetter
{
    /// <summary>Bytes of the original value kept, and the largest original header value kept.</summary>
    public const int PrefixBytes = 1024;

    public static async Task Write(KafkaProducerClient producer, string deadLetterTopic, KafkaRecord record,
        Headers deadLetterHeaders, string reason, Error refusal)
    {
        var value = record.Message.Value ?? [];
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(value));
        var headers = new Headers();
        foreach (var header in record.Message.Headers ?? [])
        {
            if (header.GetValueBytes() is { Length: <= PrefixBytes } bytes)
            {
                headers.Add(header.Key, bytes);
            }
        }

        deadLetterHeaders.ToList().ForEach(h => headers.Add(h.Key, h.GetValueBytes()));
        Add(headers, KafkaHeaders.DeadLetter.Truncated, "true");
        Add(headers, KafkaHeaders.DeadLetter.OriginalSize, value.Length.ToString(CultureInfo.InvariantCulture));
        Add(headers, KafkaHeaders.DeadLetter.OriginalSha256, sha256);
        Add(headers, KafkaHeaders.DeadLetter.ProduceError, refusal.Code.ToString());
        var message = new Message<byte[], byte[]> { Key = record.Message.Key, Value = value[..Math.Min(value.Length,
            PrefixBytes)], Headers = headers };
        try
        {
            await producer.ProduceAsync(deadLetterTopic, message, CancellationToken.None);
            LogContext.Warning?.Log(
                "Record {Record} ({Size} bytes, SHA-256 {Sha256}) was refused by {DeadLetterTopic} ({Error}); a " +
                "truncated dead letter was written instead",
                record, value.Length, sha256, deadLetterTopic, refusal.Reason);
        }
        catch (ProduceException<byte[], byte[]> ex) when (ProduceErrors.IsPermanent(ex.Error))
        {
            // The dead-letter topic cannot take anything (missing or unauthorised). Blocking the partition until an
            // operator fixes it would stop every later record too, so the record is given up here: the log line and
            // the metric are its only trace, with enough to find it in the source topic.
            KafkaTelemetry.DeadLetterDropped.Add(1,
                new KeyValuePair<string, object?>("topic", record.Topic),
                new KeyValuePair<string, object?>("reason", reason),
                new KeyValuePair<string, object?>("error", ex.Error.Code.ToString()));
            LogContext.Error?.Log(ex,
                "Record {Topic}[{Partition}]@{Offset} ({Size} bytes, SHA-256 {Sha256}, reason {Reason}) could not be " +
                "dead-lettered to {DeadLetterTopic} ({Error}); its offset is committed without a dead letter",
                record.Topic, record.Partition, record.Offset, value.Length, sha256, reason, deadLetterTopic,
                ex.Error.Reason);
        }
    }

    private static void Add(Headers headers, string key, string value) =>
        headers.Add(key, Encoding.UTF8.GetBytes(value));
}
