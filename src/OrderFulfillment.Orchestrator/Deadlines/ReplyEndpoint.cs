namespace OrderFulfillment.Orchestrator.Deadlines;

/// <summary>A topic the saga waits on for replies, and the consumer group in which the orchestrator reads it.</summary>
public sealed record ReplyEndpoint(string ConsumerGroup, string Topic, int Partitions);

/// <summary>
/// Where each reply partition ended when deadlines were found due: a reply produced before <see cref="DueBy"/> lies
/// below <see cref="ReplyMark.Target"/> of its partition.
/// </summary>
public sealed record ReplySnapshot(DateTimeOffset DueBy, IReadOnlyList<ReplyMark> Marks);

/// <summary>One partition's end offset (high watermark) at the snapshot, which its group must have committed.</summary>
public sealed record ReplyMark(string ConsumerGroup, string Topic, int Partition, long Target);

/// <summary>
/// A partition whose group has not yet committed up to the snapshot (<see cref="Committed"/> is -1 when it never
/// committed).
/// </summary>
public sealed record ReplyLag(string ConsumerGroup, string Topic, int Partition, long Committed, long Target)
{
    public override string ToString() => $"{ConsumerGroup} {Topic}[{Partition}] committed {Committed} of {Target}";
}
