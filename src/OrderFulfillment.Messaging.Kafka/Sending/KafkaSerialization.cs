using MassTransit;
using MassTransit.Serialization;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>
/// Serialization for produces outside a topic endpoint (an API handler, say): raw JSON, the message alone as the
/// value with the ids in headers, readable by any Kafka client. Topic endpoints use the same default.
/// </summary>
public sealed class KafkaSerialization
{
    /// <summary>The serialization: raw JSON out; raw JSON and MassTransit's envelope JSON in.</summary>
    public ISerialization Serialization { get; } = Create();

    private static Serialization Create()
    {
        var raw = new SystemTextJsonRawMessageSerializer(RawSerializerOptions.Default);
        var envelope = SystemTextJsonMessageSerializer.Instance;
        return new Serialization([raw], raw.ContentType, [raw, envelope], raw.ContentType);
    }
}
