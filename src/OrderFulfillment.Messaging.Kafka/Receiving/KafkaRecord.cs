using Confluent.Kafka;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// Where a consumed message came from. Available to consumers as a payload:
/// <c>context.TryGetPayload(out KafkaRecord record)</c>, e.g. to journal topic, partition and offset.
/// </summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Offset">The offset within the partition.</param>
/// <param name="GroupId">The consumer group that consumed it.</param>
/// <param name="Message">The raw record: key, value, headers and timestamp.</param>
public sealed record KafkaRecord(string Topic, int Partition, long Offset, string GroupId,
    Message<byte[], byte[]> Message)
{
    internal static KafkaRecord From(ConsumeResult<byte[], byte[]> result, string groupId) =>
        new(result.Topic, result.Partition.Value, result.Offset.Value, groupId, result.Message);

    /// <inheritdoc />
    public override string ToString() => $"{Topic}[{Partition}]@{Offset}";
}
