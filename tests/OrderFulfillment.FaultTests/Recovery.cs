using System.Diagnostics;
using Confluent.Kafka;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.FaultTests;

/// <summary>
/// How long a restarted service takes to consume again: from its process start until it has handled something on
/// every partition of its consumer groups that had records waiting when it started. "Handled" is the earlier of two
/// observations: the first inbox row it wrote for a record of that partition (exact, but invisible for records the
/// killed instance had already handled), and its committed offset moving past where the killed instance left it
/// (always visible, but up to one checkpoint interval, 1 s, late).
/// </summary>
internal sealed class Recovery
{
    private readonly FaultPlatform _platform;
    private readonly string _service;
    private readonly Dictionary<(string Group, TopicPartition Partition), long> _committedAtFault = [];
    private readonly Dictionary<(string Group, TopicPartition Partition), DateTimeOffset> _commitMoved = [];
    private Dictionary<TopicPartition, long> _highAtStart = [];

    private Recovery(FaultPlatform platform, string service)
    {
        _platform = platform;
        _service = service;
    }

    private IEnumerable<(string Topic, int Partitions)> Topics =>
        Topology.Of(_service).Select(c => (c.Topic.Name, c.Topic.Partitions));

    /// <summary>Remembers the service's committed offsets at the moment of the fault.</summary>
    public static Recovery Snapshot(FaultPlatform platform, string service)
    {
        var recovery = new Recovery(platform, service);
        foreach (var consumed in Topology.Of(service))
        {
            foreach (var (partition, offset) in platform.Kafka.Committed(consumed.Group, consumed.Topic.Name,
                consumed.Topic.Partitions))
            {
                recovery._committedAtFault[(consumed.Group, partition)] = offset;
            }
        }

        return recovery;
    }

    /// <summary>
    /// Watches the committed offsets from the new instance's start until every waiting partition moved (or the cap).
    /// </summary>
    public async Task WatchAsync(TimeSpan cap, CancellationToken cancellationToken)
    {
        _highAtStart = _platform.Kafka.HighWatermarks(Topics);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < cap && Waiting().Any(w => !_commitMoved.ContainsKey(w)))
        {
            // One reader per group: polled side by side, so a round stays well under the checkpoint interval.
            var rounds = await Task.WhenAll(Topology.Of(_service).Select(consumed => Task.Run(() =>
                (consumed.Group, Committed: _platform.Kafka.Committed(consumed.Group, consumed.Topic.Name,
                    consumed.Topic.Partitions)), cancellationToken)));
            var now = DateTimeOffset.UtcNow;
            foreach (var (group, committed) in rounds)
            {
                foreach (var (partition, offset) in committed)
                {
                    if (offset > _committedAtFault[(group, partition)])
                    {
                        _commitMoved.TryAdd((group, partition), now);
                    }
                }
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>How many (group, partition) pairs had records waiting when the watch began.</summary>
    public int WaitingPartitions => Waiting().Count();

    /// <summary>
    /// Time from <paramref name="startedAt"/> until handled again on every waiting partition; null if some never was.
    /// </summary>
    public async Task<TimeSpan?> ConsumingAgainAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var waiting = Waiting().ToList();
        if (waiting.Count == 0)
        {
            return null;
        }

        var firstHandled = await FirstInboxRowPerPartition(startedAt, cancellationToken);
        var latest = DateTimeOffset.MinValue;
        foreach (var w in waiting)
        {
            DateTimeOffset? inbox = firstHandled.TryGetValue(w, out var i) ? i : null;
            DateTimeOffset? commit = _commitMoved.TryGetValue(w, out var c) ? c : null;
            var handled = inbox is null ? commit : commit is null ? inbox : (inbox < commit ? inbox : commit);
            if (handled is null)
            {
                return null;
            }

            latest = handled.Value > latest ? handled.Value : latest;
        }

        return latest - startedAt;
    }

    private IEnumerable<(string Group, TopicPartition Partition)> Waiting() =>
        _committedAtFault.Keys.Where(k => _highAtStart.GetValueOrDefault(k.Partition) > _committedAtFault[k]);

    private async Task<Dictionary<(string Group, TopicPartition Partition), DateTimeOffset>> FirstInboxRowPerPartition(
        DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var byMessage = new Dictionary<Guid, (string Group, TopicPartition Partition)>();
        var database = "";
        foreach (var consumed in Topology.Of(_service))
        {
            database = consumed.Database;
            var from = _committedAtFault.Where(c => c.Key.Group == consumed.Group)
                .ToDictionary(c => c.Key.Partition, c => c.Value);
            var to = _platform.Kafka.HighWatermarks([(consumed.Topic.Name, consumed.Topic.Partitions)]);
            foreach (var record in _platform.Kafka.Read(from, to))
            {
                if (Guid.TryParse(record.Header(KafkaHeaders.MessageId), out var id))
                {
                    byMessage[id] = (consumed.Group, new TopicPartition(record.Topic, record.Partition));
                }
            }
        }

        var rows = await Database.Query(_platform.ConnectionStrings[database],
            """SELECT "MessageId", "Consumed" FROM "InboxState" WHERE "MessageId" = ANY($1)""",
            r => (Id: r.GetGuid(0),
                Consumed: new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc))),
            cancellationToken, byMessage.Keys.ToArray());
        return rows.Where(r => r.Consumed >= startedAt)
            .GroupBy(r => byMessage[r.Id])
            .ToDictionary(g => g.Key, g => g.Min(r => r.Consumed));
    }
}
