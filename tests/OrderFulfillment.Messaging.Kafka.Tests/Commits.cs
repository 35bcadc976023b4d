using System.Text;
using Confluent.Kafka;
using OrderFulfillment.Messaging.Kafka.Receiving;

namespace OrderFulfillment.Messaging.Kafka.Tests;

/// <summary>
/// Stands in for the consumer's synchronous commit in the offset unit tests: it records every call, and throws the
/// refusals a test queued, one per call, as the Confluent client would.
/// </summary>
internal sealed class Commits
{
    private readonly Queue<KafkaException> _refusals = new();

    public List<IReadOnlyList<TopicPartitionOffset>> Calls { get; } = [];

    /// <summary>What each call asked for, as "partition@offset" by partition, in call order.</summary>
    public IEnumerable<string> Offsets =>
        Calls.Select(c => string.Join(",", c.OrderBy(o => o.Partition.Value).Select(Describe)));

    public void Refuse(params KafkaException[] refusals)
    {
        foreach (var refusal in refusals)
        {
            _refusals.Enqueue(refusal);
        }
    }

    public void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        Calls.Add([.. offsets]);
        if (_refusals.TryDequeue(out var refusal))
        {
            throw refusal;
        }
    }

    private static string Describe(TopicPartitionOffset offset) => $"{offset.Partition.Value}@{offset.Offset.Value}";
}

/// <summary>Settings and fetched records for the offset unit tests.</summary>
internal static class Fetched
{
    public const string Topic = "orders.step.recorded";

    public static TopicEndpointSettings Settings(
        TimeSpan? checkpointInterval = null, int checkpointMessageCount = 1_000, TimeSpan? revocationTimeout = null) =>
        new()
        {
            Topic = Topic,
            GroupId = "offsets",
            DefaultMessageType = "urn:message:Test",
            ConsumerConfig = new ConsumerConfig(),
            ConcurrentMessageLimit = 4,
            MaxInFlight = 100,
            CheckpointInterval = checkpointInterval ?? TimeSpan.FromSeconds(1),
            CheckpointMessageCount = checkpointMessageCount,
            RevocationTimeout = revocationTimeout ?? TimeSpan.FromSeconds(10),
            StopTimeout = TimeSpan.FromSeconds(30),
            RedeliveryDelayLimit = TimeSpan.FromSeconds(5),
            PendingAgeThreshold = TimeSpan.FromSeconds(60),
        };

    public static TopicPartition Partition(int partition) => new(Topic, partition);

    /// <summary>Fetches records at <paramref name="offsets"/> of a partition, keyed <paramref name="key"/>.</summary>
    public static void Records(PartitionOffsets partition, string key, params long[] offsets)
    {
        foreach (var offset in offsets)
        {
            var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = [] };
            partition.Add(new KafkaRecord(Topic, partition.Partition.Partition.Value, offset, "offsets", message));
        }
    }

    /// <summary>Runs records to the end: started, then finished as handled (consumed or dead-lettered).</summary>
    public static void Handle(PartitionOffsets partition, params long[] offsets)
    {
        foreach (var offset in offsets)
        {
            partition.TryStart(offset);
            partition.Finish(offset, handled: true);
        }
    }
}

/// <summary>A clock the offset unit tests move by hand.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
