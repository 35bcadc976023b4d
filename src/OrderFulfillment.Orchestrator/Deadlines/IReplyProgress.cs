namespace OrderFulfillment.Orchestrator.Deadlines;

/// <summary>How far the saga's reply consumers have got, as their committed offsets in Kafka say.</summary>
public interface IReplyProgress
{
    /// <summary>The end of every reply partition now, for deadlines due by <paramref name="dueBy"/>.</summary>
    Task<ReplySnapshot> Snapshot(DateTimeOffset dueBy, CancellationToken cancellationToken);

    /// <summary>
    /// The partitions whose group has not committed up to the snapshot; empty once every reply before it is consumed.
    /// </summary>
    Task<IReadOnlyList<ReplyLag>> Behind(ReplySnapshot snapshot, CancellationToken cancellationToken);
}
