namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// Set once a record was dead-lettered. A record that fails to deserialize passes the error pipe and then, not having
/// been consumed, the dead-letter pipe too; the mark keeps it to one dead letter.
/// </summary>
internal sealed class DeadLetterMark
{
    public bool IsDeadLettered { get; set; }
}
