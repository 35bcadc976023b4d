using System.Diagnostics;
using Confluent.Kafka;

namespace OrderFulfillment.FaultTests;

/// <summary>
/// How long a restarted service takes to consume again: from its process start until, on every partition of its
/// consumer groups that had records waiting, its committed offset has moved past where the killed instance left it.
/// </summary>
internal sealed class Recovery
{
    private readonly FaultPlatform _platform;
    private readonly string _service;
    private readonly Dictionary<(string Group, TopicPartition Partition), long> _committedAtFault = [];

    private Recovery(FaultPlatform platform, string service)
    {
        _platform = platform;
        _service = service;
    }

    /// <summary>Remembers the service's committed offsets at the moment of the fault.</summary>
    public static Recovery Snapshot(FaultPlatform platform, string service)
    {
        var recovery = new Recovery(platform, service);
        foreach (var consumed in Topology.Of(service))
        {
            foreach (var (partition, offset) in platform.Kafka.Committed(consumed.Group, consumed.Topic.Name, consumed.Topic.Partitions))
            {
                recovery._committedAtFault[(consumed.Group, partition)] = offset;
            }
        }

        return recovery;
    }

    /// <summary>Time from <paramref name="startedAt"/> until consuming again, or null if it did not within the cap.</summary>
    public async Task<TimeSpan?> ConsumingAgainAsync(DateTimeOffset startedAt, TimeSpan cap, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < cap)
        {
            var highs = _platform.Kafka.HighWatermarks(Topology.Of(_service).Select(c => (c.Topic.Name, c.Topic.Partitions)));
            var caughtUp = true;
            var anyWaiting = false;
            foreach (var consumed in Topology.Of(_service))
            {
                var committed = _platform.Kafka.Committed(consumed.Group, consumed.Topic.Name, consumed.Topic.Partitions);
                foreach (var (partition, now) in committed)
                {
                    var before = _committedAtFault[(consumed.Group, partition)];
                    if (highs[partition] > before)
                    {
                        anyWaiting = true;
                        caughtUp &= now > before;
                    }
                }
            }

            if (anyWaiting && caughtUp)
            {
                return DateTimeOffset.UtcNow - startedAt;
            }

            await Task.Delay(250, cancellationToken);
        }

        return null;
    }
}
