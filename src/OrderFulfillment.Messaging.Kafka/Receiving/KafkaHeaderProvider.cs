using System.Security.Cryptography;
using System.Text;
using MassTransit;
using MassTransit.Transports;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// Record headers as MassTransit transport headers, with the gaps of foreign records filled so the pipeline still
/// works: the endpoint's default content type (raw JSON, or Avro on the services), the endpoint's message type, and a
/// message id derived from the record's position, so the inbox can deduplicate redeliveries of records that carry no
/// id.
/// </summary>
internal sealed class KafkaHeaderProvider : IHeaderProvider
{
    private readonly Dictionary<string, object> _headers = new(StringComparer.OrdinalIgnoreCase);

    public KafkaHeaderProvider(KafkaRecord record, string defaultMessageType, string defaultContentType)
    {
        foreach (var header in record.Message.Headers ?? [])
        {
            _headers[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes());
        }

        _headers.TryAdd(KafkaHeaders.ContentType, defaultContentType);
        _headers.TryAdd(KafkaHeaders.MessageType, defaultMessageType);
        _headers.TryAdd(KafkaHeaders.MessageId, DerivedMessageId(record).ToString());
        if (record.Message.Timestamp.Type != Confluent.Kafka.TimestampType.NotAvailable)
        {
            _headers[MessageHeaders.TransportSentTime] = record.Message.Timestamp.UtcDateTime;
        }
    }

    public IEnumerable<KeyValuePair<string, object>> GetAll() => _headers;

    public bool TryGetHeader(string key, out object value) => _headers.TryGetValue(key, out value!);

    private static Guid DerivedMessageId(KafkaRecord record)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{record.Topic}/{record.Partition}/{record.Offset}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
