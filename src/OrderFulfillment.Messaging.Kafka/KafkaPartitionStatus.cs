namespace OrderFulfillment.Messaging.Kafka;

/// <summary>
/// One partition a topic endpoint of this process owns now, as the operations console shows it. Offsets are null until
/// known: the committed offset and the high watermark come from librdkafka's statistics (every
/// <c>statistics.interval.ms</c>, 5 s by default) and from this member's own commits; the position is the next offset
/// this member will hand to its handlers.
/// </summary>
/// <param name="GroupId">The consumer group.</param>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="CommittedOffset">The group's committed offset: where a new owner would start.</param>
/// <param name="Position">The offset after the last record fetched; null when nothing was fetched since
/// assignment.</param>
/// <param name="HighWatermark">The offset after the partition's last record.</param>
/// <param name="Lag">Records not yet committed: high watermark minus committed offset (minus the low watermark while
/// nothing is committed).</param>
/// <param name="Pending">Records fetched and not yet finished (queued, running or waiting to be tried again).</param>
/// <param name="OldestPending">The record the partition's commits wait for; null when nothing is pending.</param>
public sealed record KafkaPartitionStatus(string GroupId, string Topic, int Partition, long? CommittedOffset,
    long? Position, long? HighWatermark, long? Lag, int Pending, KafkaPendingRecord? OldestPending);

/// <summary>The oldest fetched and unfinished record of a partition: why its commits are held back.</summary>
/// <param name="Key">The record's key (the order id for the platform's topics); null for an unkeyed record.</param>
/// <param name="Offset">Its offset.</param>
/// <param name="AgeSeconds">How long ago it was fetched.</param>
/// <param name="Attempts">
/// Attempts started so far: 0 while it is queued behind its key, 1 once it runs, and one more with every retry, of
/// the endpoint's in-place retry policy (<c>ReleaseConcurrencyWhileWaiting</c>) or of the rider's own redelivery.
/// </param>
/// <param name="LastErrorType">The exception type of its last failed attempt; null while none failed.</param>
/// <param name="LastErrorMessage">That exception's message.</param>
public sealed record KafkaPendingRecord(string? Key, long Offset, double AgeSeconds, int Attempts,
    string? LastErrorType, string? LastErrorMessage);
