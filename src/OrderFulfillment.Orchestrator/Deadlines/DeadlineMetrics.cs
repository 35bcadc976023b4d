using System.Diagnostics.Metrics;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Orchestrator.Deadlines;

/// <summary>
/// What the deadline sweeper does, and how long due deadlines have been held back for unread replies.
/// </summary>
public sealed class DeadlineMetrics
{
    private readonly Counter<long> _handedOver;
    private long _heldSinceTicks = -1;
    private long _lagRecords;
    private int _lagPartitions;

    public DeadlineMetrics(IMeterFactory meters, TimeProvider time)
    {
        var meter = meters.Create(TelemetryExtensions.PlatformSource);
        _handedOver = meter.CreateCounter<long>("orderfulfillment.saga.deadlines.handed_over", "{deadline}",
            "Passed deadlines handed to the saga as OrderDeadlinePassed (re-armed ones count again).");
        meter.CreateObservableGauge("orderfulfillment.saga.deadlines.held", () =>
            Interlocked.Read(ref _heldSinceTicks) is var since and >= 0
            ? (time.GetUtcNow() - new DateTimeOffset(since, TimeSpan.Zero)).TotalSeconds : 0d,
            "s", "How long due deadlines have waited to be handed over (for the reply consumers to commit past the " +
            "replies unread when they fell due, or for Kafka to answer); 0 when none wait.");
        meter.CreateObservableGauge("orderfulfillment.saga.deadlines.reply_lag",
            () => Interlocked.Read(ref _lagRecords), "{record}",
            "Reply records not yet committed by the orchestrator's groups below the snapshot that due deadlines wait " +
            "for.");
        meter.CreateObservableGauge("orderfulfillment.saga.deadlines.reply_lag_partitions",
            () => Volatile.Read(ref _lagPartitions), "{partition}",
            "Reply partitions whose group has not yet committed up to that snapshot.");
    }

    public void HandedOver(int count) => _handedOver.Add(count);

    /// <summary>Deadlines have been due since <paramref name="since"/> and are not handed over yet.</summary>
    public void Due(DateTimeOffset since) => Interlocked.CompareExchange(ref _heldSinceTicks, since.UtcTicks, -1);

    /// <summary>The reply partitions that due deadlines are waiting for.</summary>
    public void Holding(IReadOnlyList<ReplyLag> behind)
    {
        Interlocked.Exchange(ref _lagRecords, behind.Sum(b => b.Target - Math.Max(b.Committed, 0)));
        Volatile.Write(ref _lagPartitions, behind.Count);
    }

    public void Released()
    {
        Interlocked.Exchange(ref _heldSinceTicks, -1);
        Interlocked.Exchange(ref _lagRecords, 0);
        Volatile.Write(ref _lagPartitions, 0);
    }
}
