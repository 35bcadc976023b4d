using OrderFulfillment.Contracts;

namespace OrderFulfillment.EmbeddedKafka.Host;

internal static class PlatformTopics
{
    // Dead-letter topics see little traffic; three partitions keep records of one key together without waste.
    private const int DeadLetterPartitions = 3;

    /// <summary>Every platform topic and its dead-letter topic, with explicit partition counts.</summary>
    public static IReadOnlyList<TopicSpec> Specs() =>
        Topics.All
            .SelectMany(t =>
                new[] { new TopicSpec(t.Name, t.Partitions), new TopicSpec(t.DeadLetterTopic, DeadLetterPartitions) })
            .ToList();
}
