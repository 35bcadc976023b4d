using System.Text;
using Avro.Generic;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.FaultTests;

/// <summary>
/// Produces records that no consumer can take effect on to a consumed topic, each derived from a real record of that
/// topic (its Avro value decoded with the writer's schema, so everything but the one defect is right) and about a
/// fresh order id, so a consumer that wrongly takes effect shows up as an effect nobody asked for instead of
/// disturbing an order of the load. Each kind says the dead-letter reason it must get.
/// </summary>
internal static class BadRecords
{
    private const int LargeValueBytes = 3 * 1024 * 1024;
    private const string Undeserializable = "undeserializable";
    private const string Invalid = "invalid";

    /// <summary>Injects every kind of bad record that applies to <paramref name="template"/>'s topic.</summary>
    public static async Task<List<InjectedRecord>> InjectAsync(KafkaProbe kafka, AvroRecords avro, TopicRecord template,
        int partitions, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var injected = new List<InjectedRecord>();

        async Task Produce(string kind, string reason, byte[]? key, byte[]? value,
            IEnumerable<(string, byte[])>? headers)
        {
            var partition = random.Next(partitions);
            var offset = await kafka.ProduceAsync(template.Topic, partition, key, value, headers, cancellationToken);
            injected.Add(new InjectedRecord(template.Topic, partition, offset, kind, reason));
        }

        // A good record of the template's schema about a fresh order: its key, record, schema id and headers.
        (byte[] Key, GenericRecord Record, int SchemaId, List<(string, byte[])> Headers) Fresh()
        {
            var orderId = AvroRecords.NewGuid(random);
            var (schemaId, record) = avro.Decode(template.Value!);
            record.Add("orderId", orderId);
            if (record.Schema.Contains("eventId"))
            {
                record.Add("eventId", AvroRecords.NewGuid(random));
            }

            var headers = template.Headers.Select(h => h.Key switch
            {
                KafkaHeaders.MessageId => (h.Key, Utf8(AvroRecords.NewGuid(random).ToString())),
                KafkaHeaders.CorrelationId => (h.Key, Utf8(orderId.ToString())),
                _ => h,
            }).ToList();
            return (Utf8(orderId.ToString()), record, schemaId, headers);
        }

        var (key, record, id, headers) = Fresh();
        await Produce("JSON value", Undeserializable, key, Utf8(AvroJson.ToJson(record).GetRawText()),
            headers.Select(h => h.Item1 == KafkaHeaders.ContentType ? (h.Item1, Utf8("application/json")) : h));

        (key, record, _, headers) = Fresh();
        // Ids are handed out from 1 upwards; the suite's registry holds a few dozen.
        await Produce("unknown schema id", Undeserializable, key,
            ConfluentWireFormat.Encode(int.MaxValue - seed, record), headers);

        (key, record, id, headers) = Fresh();
        var whole = ConfluentWireFormat.Encode(id, record);
        await Produce("truncated Avro", Undeserializable, key, whole[..(ConfluentWireFormat.HeaderLength + ((
            whole.Length - ConfluentWireFormat.HeaderLength) / 2))], headers);

        (key, _, _, headers) = Fresh();
        await Produce("garbage bytes (no magic byte)", Undeserializable, key,
            [0xFF, 0xFE, 0x7B, 0xC3, 0x28, 0xA0, 0xA1, 0x7D], headers);

        (key, _, _, headers) = Fresh();
        await Produce("null value", Undeserializable, key, null, headers);

        (key, record, id, headers) = Fresh();
        // A valid header and record followed by 3 MB: too large for the dead-letter topic, so it is truncated there.
        await Produce("3 MB value", Undeserializable, key,
            [.. ConfluentWireFormat.Encode(id, record), .. new byte[LargeValueBytes]], headers);

        (key, record, id, headers) = Fresh();
        // The value names its contract by its schema; a type header naming another is a contradiction, not a new type.
        await Produce("unknown message type", Invalid, key, ConfluentWireFormat.Encode(id, record),
            headers.Select(h => h.Item1 == KafkaHeaders.MessageType ? (h.Item1,
                Utf8("urn:message:OrderFulfillment.Contracts:NoSuchMessage")) : h));

        (key, record, id, headers) = Fresh();
        var required = record.Schema.Contains("customerId") ? "customerId" : "tenantId";
        record.Add(required, "");
        await Produce($"blank {required}", Invalid, key, ConfluentWireFormat.Encode(id, record), headers);

        (key, record, id, headers) = Fresh();
        if (record.TryGetValue("lines", out var lines) && lines is object[] { Length: > 0 } items
            && items[0] is GenericRecord line)
        {
            line.Add("quantity", -5);
            await Produce("negative quantity", Invalid, key, ConfluentWireFormat.Encode(id, record), headers);
        }
        else if (record.Schema.Contains("amountUsd"))
        {
            record.Add("amountUsd", new global::Avro.AvroDecimal(-5.0000m));
            await Produce("negative amount", Invalid, key, ConfluentWireFormat.Encode(id, record), headers);
        }

        return injected;
    }

    /// <summary>Re-produces every record twice, byte for byte (key, value, headers, partition): a redelivery.</summary>
    public static async Task<int> DuplicateAsync(KafkaProbe kafka, IEnumerable<TopicRecord> records,
        CancellationToken cancellationToken)
    {
        var count = 0;
        // In chunks: one producer keeps the order of each partition, and waiting record by record would take minutes.
        foreach (var chunk in records.SelectMany(r => new[] { r, r }).Chunk(500))
        {
            await Task.WhenAll(chunk.Select(r => kafka.ProduceAsync(r.Topic, r.Partition, r.Key, r.Value, r.Headers,
                cancellationToken)));
            count += chunk.Length;
        }

        return count;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
