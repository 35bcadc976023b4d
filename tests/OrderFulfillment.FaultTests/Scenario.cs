using Confluent.Kafka;

namespace OrderFulfillment.FaultTests;

/// <summary>One scenario in flight: its plan, its load, what it injected, and when its fault ended.</summary>
internal sealed class Scenario(FaultPlatform platform, LoadPlan plan, LoadDriver load,
    Dictionary<TopicPartition, long> marks, ScenarioResult result, int seed, CancellationToken cancellationToken)
{
    public FaultPlatform Platform { get; } = platform;

    public LoadPlan Plan { get; } = plan;

    public LoadDriver Load { get; } = load;

    /// <summary>Every topic's end when the scenario started: its records are the ones after these offsets.</summary>
    public Dictionary<TopicPartition, long> Marks { get; } = marks;

    public ScenarioResult Result { get; } = result;

    public int Seed { get; } = seed;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public List<InjectedRecord> Injected { get; } = [];

    /// <summary>When the fault was over (service back, broker up, ...); recovery is measured from here.</summary>
    public DateTimeOffset FaultCleared { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Waits until <paramref name="fraction"/> of the plan's orders have been accepted: "mid-load".</summary>
    public Task LoadReached(double fraction) =>
        Load.WaitForAcceptedAsync((int)Math.Ceiling(Plan.Orders.Count * fraction), CancellationToken);

    /// <summary>The records of consumed topics produced since the scenario started.</summary>
    public List<TopicRecord> ConsumedRecordsSinceStart()
    {
        var topics = Topology.Consumed.Select(c => (c.Topic.Name, c.Topic.Partitions)).Distinct().ToList();
        var names = topics.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return Platform.Kafka.Read(Marks.Where(m => names.Contains(m.Key.Topic)).ToDictionary(m => m.Key, m => m.Value),
            Platform.Kafka.HighWatermarks(topics));
    }
}
