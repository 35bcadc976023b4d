using System.Diagnostics.Metrics;

namespace OrderFulfillment.Persistence.EntityFrameworkCore;

/// <summary>
/// The inbox and outbox metrics. Register <see cref="Name"/> as a Meter with OpenTelemetry to export them.
/// </summary>
public static class PersistenceTelemetry
{
    /// <summary>Name of the Meter.</summary>
    public const string Name = "OrderFulfillment.Persistence.EntityFrameworkCore";

    private static readonly Meter Meter = new(Name);

    /// <summary>
    /// <c>inbox.duplicates</c>, tagged <c>consumer</c>: redeliveries acknowledged without running again.
    /// </summary>
    internal static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("inbox.duplicates", "{message}",
        "Messages a consumer had already consumed, acknowledged as consumed without running again.");

    /// <summary>
    /// <c>outbox.dead_letters</c>, tagged <c>topic</c>: rows Kafka refused for good, moved to the dead table.
    /// </summary>
    internal static readonly Counter<long> OutboxDeadLetters =
        Meter.CreateCounter<long>("outbox.dead_letters", "{record}",
        "Outbox rows moved to the OutboxDeadLetter table because Kafka refused them for a reason retrying cannot " +
        "heal.");

    /// <summary>
    /// <c>inbox.shared_transaction.size</c>: consumed messages committed together in one shared transaction.
    /// </summary>
    internal static readonly Histogram<int> SharedTransactionSize =
        Meter.CreateHistogram<int>("inbox.shared_transaction.size", "{message}",
        "Consumed messages committed together in one shared transaction.");
}
