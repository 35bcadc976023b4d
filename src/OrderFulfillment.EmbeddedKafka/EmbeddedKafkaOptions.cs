namespace OrderFulfillment.EmbeddedKafka;

/// <summary>How an <see cref="EmbeddedKafkaCluster"/> starts.</summary>
public sealed record EmbeddedKafkaOptions
{
    /// <summary>Number of brokers; they get ids 1..N, each on an ephemeral 127.0.0.1 port.</summary>
    public int Brokers { get; init; } = 3;

    /// <summary>Delay before a new consumer group's first rebalance. Real Kafka and the mock default to 3 s; zero
    /// makes groups join at once, which is what development and tests want.</summary>
    public TimeSpan GroupInitialRebalanceDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Topics created at start, with their partition counts.</summary>
    public IReadOnlyList<TopicSpec> Topics { get; init; } = [];
}

/// <summary>A topic to create with an explicit partition count.</summary>
/// <param name="Name">Topic name, e.g. <c>orders.order.placed</c>.</param>
/// <param name="Partitions">Partition count; the mock keeps at most 5 MiB per partition, so size accordingly.</param>
public sealed record TopicSpec(string Name, int Partitions);
