using System.Diagnostics.CodeAnalysis;
using MassTransit;
using MassTransit.Serialization;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// A decoded Avro value: the message is already its contract's type, and is also every type it implements.
/// </summary>
internal sealed class AvroSerializerContext(MessageContext context, string[] supportedMessageTypes, object message,
    AvroMessageSerializer serializer)
    : BaseSerializerContext(SystemTextJsonMessageSerializer.Instance, context, supportedMessageTypes)
{
    public override bool IsSupportedMessageType<T>() => message is T;

    public override bool IsSupportedMessageType(Type messageType) => messageType.IsInstanceOfType(message);

    public override bool TryGetMessage<T>([NotNullWhen(true)] out T? value)
        where T : class
    {
        value = message as T;
        return value is not null;
    }

    public override bool TryGetMessage(Type messageType, [NotNullWhen(true)] out object? value)
    {
        value = messageType.IsInstanceOfType(message) ? message : null;
        return value is not null;
    }

    // Forwarding a consumed message (an outbox redelivering it, say) writes it again as Avro.
    public override IMessageSerializer GetMessageSerializer() => serializer;

    public override IMessageSerializer GetMessageSerializer<T>(MessageEnvelope envelope, T value) => serializer;

    public override IMessageSerializer GetMessageSerializer(object value, string[] messageTypes) => serializer;

    public override Dictionary<string, object> ToDictionary<T>(T? value)
        where T : class =>
        throw new NotSupportedException("Avro messages are not converted to dictionaries.");
}
