using System.Text;
using System.Text.Json.Nodes;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.FaultTests;

/// <summary>
/// Produces records that no consumer can take effect on to a consumed topic, each derived from a real record of that
/// topic (so everything but the one defect is right) and about a fresh order id, so a consumer that wrongly takes
/// effect shows up as an effect nobody asked for instead of disturbing an order of the load.
/// </summary>
internal static class BadRecords
{
    private const int LargeValueBytes = 3 * 1024 * 1024;

    /// <summary>Injects every kind of bad record that applies to <paramref name="template"/>'s topic.</summary>
    public static async Task<List<InjectedRecord>> InjectAsync(KafkaProbe kafka, TopicRecord template, int partitions, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var injected = new List<InjectedRecord>();

        async Task Produce(string kind, byte[]? key, byte[]? value, IEnumerable<(string, byte[])>? headers)
        {
            var partition = random.Next(partitions);
            var offset = await kafka.ProduceAsync(template.Topic, partition, key, value, headers, cancellationToken);
            injected.Add(new InjectedRecord(template.Topic, partition, offset, kind));
        }

        (byte[] Key, JsonObject Body, List<(string, byte[])> Headers) Fresh()
        {
            var orderId = NewGuid(random);
            var body = JsonNode.Parse(template.Value ?? [])!.AsObject();
            body["orderId"] = orderId.ToString();
            if (body.ContainsKey("eventId"))
            {
                body["eventId"] = NewGuid(random).ToString();
            }

            var headers = template.Headers.Select(h => h.Key switch
            {
                KafkaHeaders.MessageId => (h.Key, Utf8(NewGuid(random).ToString())),
                KafkaHeaders.CorrelationId => (h.Key, Utf8(orderId.ToString())),
                _ => h,
            }).ToList();
            return (Utf8(orderId.ToString()), body, headers);
        }

        var (key, body, headers) = Fresh();
        await Produce("malformed JSON", key, Utf8("{\"orderId\":\"" + Encoding.UTF8.GetString(key) + "\",\"lines\":[{"), headers);

        (key, body, headers) = Fresh();
        await Produce("unknown message type", key, Utf8(body.ToJsonString()),
            headers.Select(h => h.Item1 == KafkaHeaders.MessageType ? (h.Item1, Utf8("urn:message:OrderFulfillment.Contracts:NoSuchMessage")) : h));

        (key, body, _) = Fresh();
        await Produce("no headers", key, Utf8(body.ToJsonString()), null);

        (key, _, headers) = Fresh();
        await Produce("null value", key, null, headers);

        (key, body, headers) = Fresh();
        body["version"] = 99;
        await Produce("unknown schema version", key, Utf8(body.ToJsonString()),
            headers.Where(h => h.Item1 != KafkaHeaders.SchemaVersion).Append((KafkaHeaders.SchemaVersion, Utf8("99"))));

        (key, body, headers) = Fresh();
        var large = new StringBuilder("{\"orderId\":\"").Append(Encoding.UTF8.GetString(key)).Append("\",\"padding\":\"")
            .Append('x', LargeValueBytes).ToString();
        await Produce("3 MB value", key, Utf8(large), headers);

        (key, _, headers) = Fresh();
        await Produce("non-UTF-8 bytes", key, [0xFF, 0xFE, 0x7B, 0xC3, 0x28, 0xA0, 0xA1, 0x7D], headers);

        (key, body, headers) = Fresh();
        var required = body.ContainsKey("customerId") ? "customerId" : "tenantId";
        body.Remove(required);
        await Produce($"missing {required}", key, Utf8(body.ToJsonString()), headers);

        (key, body, headers) = Fresh();
        if (body["lines"] is JsonArray { Count: > 0 } lines)
        {
            lines[0]!["quantity"] = -5;
            await Produce("negative quantity", key, Utf8(body.ToJsonString()), headers);
        }
        else if (body.ContainsKey("amountUsd"))
        {
            body["amountUsd"] = -5m;
            await Produce("negative amount", key, Utf8(body.ToJsonString()), headers);
        }

        return injected;
    }

    /// <summary>Re-produces every record twice, byte for byte (key, value, headers, partition): a redelivery.</summary>
    public static async Task<int> DuplicateAsync(KafkaProbe kafka, IEnumerable<TopicRecord> records, CancellationToken cancellationToken)
    {
        var count = 0;
        // In chunks: one producer keeps the order of each partition, and waiting record by record would take minutes.
        foreach (var chunk in records.SelectMany(r => new[] { r, r }).Chunk(500))
        {
            await Task.WhenAll(chunk.Select(r => kafka.ProduceAsync(r.Topic, r.Partition, r.Key, r.Value, r.Headers, cancellationToken)));
            count += chunk.Length;
        }

        return count;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // Seeded, so a scenario produces the same records on every run.
    private static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
