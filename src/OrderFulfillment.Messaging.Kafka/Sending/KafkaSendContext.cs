using MassTransit;
using MassTransit.Context;

namespace OrderFulfillment.Messaging.Kafka.Sending;

/// <summary>
/// A send context that carries the record key. The key is written to the context's properties so a message stored in
/// an outbox keeps its key until it is delivered.
/// </summary>
/// <typeparam name="T">The message type.</typeparam>
public sealed class KafkaSendContext<T> : MessageSendContext<T>, PartitionKeySendContext
    where T : class
{
    private const string KeyProperty = "Kafka-Key";

    /// <summary>Creates the context; a new message id is assigned here, never copied from a consumed message.</summary>
    public KafkaSendContext(T message, CancellationToken cancellationToken)
        : base(message, cancellationToken)
    {
    }

    /// <summary>The record key (the aggregate id).</summary>
    public string? PartitionKey { get; set; }

    /// <summary>The topic the record goes to.</summary>
    public string Topic { get; internal set; } = string.Empty;

    /// <summary>The contract's schema version, written as the <c>Schema-Version</c> header.</summary>
    public int SchemaVersion { get; set; } = 1;

    /// <inheritdoc />
    public override void WritePropertiesTo(IDictionary<string, object> properties)
    {
        base.WritePropertiesTo(properties);
        if (!string.IsNullOrEmpty(PartitionKey))
        {
            properties[KeyProperty] = PartitionKey;
        }
    }

    /// <inheritdoc />
    public override void ReadPropertiesFrom(IReadOnlyDictionary<string, object> properties)
    {
        base.ReadPropertiesFrom(properties);
        if (properties.TryGetValue(KeyProperty, out var key) && key is not null)
        {
            PartitionKey = key.ToString();
        }
    }
}
