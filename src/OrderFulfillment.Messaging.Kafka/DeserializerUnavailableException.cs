namespace OrderFulfillment.Messaging.Kafka;

/// <summary>
/// Thrown by a value deserializer that needs something it cannot reach right now, such as a schema registry that
/// does not answer. The record itself may be fine, so a topic endpoint never dead-letters it: the record stays
/// uncommitted and is tried again with a growing delay, like a record whose dead-letter topic is unreachable.
/// </summary>
public sealed class DeserializerUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeserializerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeserializerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeserializerUnavailableException()
        : this("The deserializer cannot reach what it needs.")
    {
    }
}
