using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// The partitions a topic endpoint owns now, each with its <see cref="PartitionOffsets"/>, and what they show of
/// themselves: the consumer status, the oldest pending record and its age. A partition leaves as soon as it is
/// revoked or lost, so nothing is ever committed for a partition this member no longer owns.
/// </summary>
internal sealed class AssignedPartitions(string topic, string groupId)
{
    private readonly ConcurrentDictionary<TopicPartition, PartitionOffsets> _partitions = new();

    /// <summary>Every partition owned now, for a commit.</summary>
    public IReadOnlyCollection<PartitionOffsets> All => [.. _partitions.Values];

    /// <summary>Starts each assigned partition afresh: what a new owner may commit starts at what it fetches.</summary>
    public void Assign(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions[partition] = new PartitionOffsets(partition);
        }
    }

    /// <summary>The bookkeeping of a partition a record was fetched from.</summary>
    public PartitionOffsets Of(TopicPartition partition) =>
        _partitions.GetOrAdd(partition, p => new PartitionOffsets(p));

    /// <summary>Takes partitions out (they are being revoked); returns the bookkeeping of those owned.</summary>
    public IReadOnlyList<PartitionOffsets> Remove(IEnumerable<TopicPartition> partitions) =>
        [.. partitions.Select(p => _partitions.TryRemove(p, out var offsets) ? offsets : null)
            .OfType<PartitionOffsets>()];

    /// <summary>
    /// The partitions already belong to someone else (or the client failed): their handlers are cancelled and nothing
    /// of them is committed any more.
    /// </summary>
    public void Lose(IEnumerable<TopicPartition> partitions)
    {
        foreach (var offsets in Remove(partitions))
        {
            offsets.MarkLost();
        }
    }

    /// <summary>Loses every partition: a fatal client error ended the session.</summary>
    public void LoseAll() => Lose(_partitions.Keys);

    /// <summary>The partition whose oldest unfinished record has waited longest, for the endpoint's health.</summary>
    public (TopicPartition Partition, long Offset, TimeSpan Age)? OldestPending() =>
        _partitions.Values.Select(p => (p.Partition, Oldest: p.OldestPending()))
            .Where(p => p.Oldest is not null)
            .Select(p => ((TopicPartition Partition, long Offset, TimeSpan Age)?)
                (p.Partition, p.Oldest!.Value.Offset, p.Oldest.Value.Age))
            .MaxBy(p => p!.Value.Age);

    /// <summary>Each partition's oldest pending age (0 when none), for <c>kafka.consumer.pending.age</c>.</summary>
    public IEnumerable<Measurement<double>> PendingAgeMeasurements() =>
        _partitions.Values.Select(p => (p.Partition, Oldest: p.OldestPending())).Select(p =>
            new Measurement<double>(p.Oldest?.Age.TotalSeconds ?? 0,
                new KeyValuePair<string, object?>("topic", topic),
                new KeyValuePair<string, object?>("partition", p.Partition.Partition.Value),
                new KeyValuePair<string, object?>("group", groupId)));

    /// <summary>
    /// The partitions owned now, for the consumer status. The committed offset is the later of this member's own
    /// commits and librdkafka's <paramref name="statistics"/>, which also give the watermarks.
    /// </summary>
    public IEnumerable<KafkaPartitionStatus> Status(Func<int, PartitionStatistics?> statistics) =>
        _partitions.Values.OrderBy(p => p.Partition.Partition.Value).Select(offsets =>
        {
            var snapshot = offsets.Snapshot();
            var partition = offsets.Partition.Partition.Value;
            var figures = statistics(partition);
            var committed = Math.Max(snapshot.Committed, figures?.Committed ?? -1);
            var high = figures?.HighWatermark ?? -1;
            // With nothing committed yet the group reads from the partition's start, so everything after it is lag.
            var from = committed >= 0 ? committed : figures?.LowWatermark ?? -1;
            return new KafkaPartitionStatus(groupId, topic, partition, Known(committed), Known(snapshot.Next),
                Known(high), from >= 0 && high >= 0 ? Math.Max(0, high - from) : null, snapshot.Pending,
                snapshot.Oldest is { } oldest ? Describe(oldest) : null);
        });

    private static KafkaPendingRecord Describe(PendingRecord pending) =>
        new(pending.Record.Message.Key is { Length: > 0 } key ? Encoding.UTF8.GetString(key) : null,
            pending.Record.Offset, Stopwatch.GetElapsedTime(pending.FetchedAt).TotalSeconds, pending.Attempts,
            pending.LastError?.Type, pending.LastError?.Message);

    private static long? Known(long offset) => offset >= 0 ? offset : null;
}
