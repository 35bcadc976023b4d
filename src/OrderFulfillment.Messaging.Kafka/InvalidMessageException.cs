namespace OrderFulfillment.Messaging.Kafka;

/// <summary>
/// A consumed message that can never be handled as it is: a required field is missing, a value is out of range, or
/// its schema version is unknown. Retrying cannot help, so a topic endpoint dead-letters it at once with reason
/// <c>invalid</c> and the offending field, before any effect or inbox row is written.
/// </summary>
public sealed class InvalidMessageException : Exception
{
    /// <summary>
    /// Creates the exception for <paramref name="field"/> (a JSON path such as <c>lines[0].quantity</c>, or a header
    /// name).
    /// </summary>
    public InvalidMessageException(string field, string message)
        : base(message) => Field = field;

    /// <summary>Not for use: a message without the field it concerns.</summary>
    public InvalidMessageException()
        : this(string.Empty, "The message is invalid.")
    {
    }

    /// <summary>Not for use: a message without the field it concerns.</summary>
    public InvalidMessageException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Not for use: a message without the field it concerns.</summary>
    public InvalidMessageException(string message, Exception innerException)
        : base(message, innerException) => Field = string.Empty;

    /// <summary>The field, or header, that made the message invalid.</summary>
    public string Field { get; }
}
