using MassTransit;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.ServiceDefaults.Validation;

/// <summary>The <c>MT-MessageType</c> header of a consumed record, checked against the endpoint's contract.</summary>
public static class MessageTypes
{
    /// <summary>
    /// Throws <see cref="InvalidMessageException"/> for the <see cref="KafkaHeaders.MessageType"/> header when it does
    /// not name <typeparamref name="TMessage"/>. The raw JSON deserializer reads any value as the endpoint's contract,
    /// so without this a record announcing another (or an unknown) type whose body happens to fit would take effect.
    /// A record without the header is taken as the endpoint's contract (the rider fills it in), as foreign producers
    /// cannot be expected to write MassTransit's headers.
    /// </summary>
    public static void Validate<TMessage>(string? header)
        where TMessage : class
    {
        var expected = MessageUrn.ForTypeString<TMessage>();
        if (header is null
            || !header.Split(';', StringSplitOptions.TrimEntries).Contains(expected, StringComparer.Ordinal))
        {
            throw new InvalidMessageException(KafkaHeaders.MessageType,
                $"The {KafkaHeaders.MessageType} header '{header}' does not name {expected}, the only message this " +
                $"topic carries.");
        }
    }
}
