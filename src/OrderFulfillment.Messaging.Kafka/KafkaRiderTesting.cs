namespace OrderFulfillment.Messaging.Kafka;

/// <summary>Fault injection for tests of services built on the rider.</summary>
public static class KafkaRiderTesting
{
    /// <summary>
    /// Stops every topic endpoint of <paramref name="rider"/> as a crashed process would: consumption stops at once,
    /// handlers' cancellation tokens are cancelled, and no further offset is committed, so whatever was not committed
    /// is redelivered to the next member. Unlike a killed process, the member still leaves the group, so its
    /// partitions move at once rather than after the session timeout.
    /// </summary>
    public static Task CrashAsync(IKafkaRider rider) =>
        rider is KafkaRider kafka ? kafka.CrashAsync()
        : throw new ArgumentException("Not a Kafka rider of this library.", nameof(rider));
}
