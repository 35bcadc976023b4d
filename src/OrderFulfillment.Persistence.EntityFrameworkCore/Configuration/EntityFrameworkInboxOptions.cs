namespace OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

/// <summary>The inbox settings of one receive endpoint, given to <c>UseEntityFrameworkOutbox</c>.</summary>
public sealed class EntityFrameworkInboxOptions
{
    /// <summary>
    /// The stable name under which the endpoint's consumer (or saga) records what it consumed, for example the
    /// endpoint's consumer group. Renaming the consumer's class, its message type or its namespace then orphans
    /// nothing. Without it the id is derived from the endpoint, the consumer type and the message type, as before.
    /// An explicit id names one consumer: an endpoint that hosts two consumer types needs one id each (two endpoints).
    /// </summary>
    public string? ConsumerId { get; set; }

    /// <summary>
    /// How long this consumer remembers a consumed message id; at least the retention of the topic the endpoint
    /// reads, or a redelivery older than it runs again. Defaults to
    /// <see cref="EntityFrameworkOutboxOptions.DuplicateDetectionWindow"/>.
    /// </summary>
    public TimeSpan? DuplicateDetectionWindow { get; set; }

    /// <summary>
    /// Whether the endpoint's messages share transactions with other messages of the service (default true; see
    /// <see cref="EntityFrameworkOutboxOptions.MessagesPerTransaction"/>). Turn it off for a consumer that waits on
    /// something slow outside the database while its transaction is open: in a shared transaction it would hold up
    /// every message queued behind it.
    /// </summary>
    public bool SharedTransactions { get; set; } = true;
}
