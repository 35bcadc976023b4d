namespace OrderFulfillment.Messaging.Kafka;

/// <summary>
/// Addresses of Kafka topics inside MassTransit: <c>topic:{name}</c>, the scheme the official rider uses, so
/// <c>context.Send(new Uri("topic:inventory.stock.reserve"), command)</c> produces to that topic.
/// </summary>
public static class KafkaTopicAddress
{
    /// <summary>The URI scheme of Kafka topic addresses.</summary>
    public const string Scheme = "topic";

    /// <summary>The address of <paramref name="topic"/>.</summary>
    public static Uri For(string topic) => new($"{Scheme}:{topic}");

    /// <summary>Reads the topic name from an address, if it is a topic address.</summary>
    public static bool TryGetTopic(Uri? address, out string topic)
    {
        topic = string.Empty;
        if (address is null || !string.Equals(address.Scheme, Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        topic = address.AbsolutePath;
        return topic.Length > 0;
    }
}
