namespace OrderFulfillment.AppHost;

/// <summary>
/// The platform could not start; the message names the piece (service, Kafka, registry, PostgreSQL) and the cause, in
/// words a user can act on. The AppHost prints it instead of a stack trace, after stopping what it had started.
/// </summary>
internal sealed class PlatformStartException : Exception
{
    public PlatformStartException(string message)
        : base(message)
    {
    }

    public PlatformStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PlatformStartException()
    {
    }
}
