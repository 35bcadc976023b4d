using Confluent.Kafka;
using OrderFulfillment.Orchestrator.Messaging;

namespace OrderFulfillment.Orchestrator.Tests.Deadlines;

/// <summary>
/// Speaks for the workers and for the orchestrator's reply consumers on the embedded Kafka: produces replies, and
/// commits the orchestrator's groups' offsets as its endpoints would once they have handled the records.
/// </summary>
internal static class ReplyTopics
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Produces a reply record for the order; returns where it landed.</summary>
    public static async Task<TopicPartitionOffset> Produce(string topic, Guid orderId)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig {
            BootstrapServers = DeadlineInfrastructure.Kafka.BootstrapServers })
            .Build();
        var result =
            await producer.ProduceAsync(topic, new Message<string, string> { Key = orderId.ToString(), Value = "{}" });
        return result.TopicPartitionOffset;
    }

    /// <summary>
    /// Commits <paramref name="offset"/> for the orchestrator's group of the record's topic, as its endpoint does.
    /// </summary>
    public static void Commit(string topic, Partition partition, Offset offset)
    {
        using var consumer = GroupClient(Group(topic));
        consumer.Commit([new TopicPartitionOffset(topic, partition, offset)]);
    }

    /// <summary>Commits every decisive reply partition up to its end: every reply so far has been consumed.</summary>
    public static void ConsumeAll()
    {
        foreach (var endpoint in OrchestratorMessaging.DecisiveReplies)
        {
            using var consumer = GroupClient(endpoint.ConsumerGroup);
            var ends = Enumerable.Range(0, endpoint.Partitions)
                .Select(p => new TopicPartition(endpoint.Topic, p))
                .Select(tp => new TopicPartitionOffset(tp, consumer.QueryWatermarkOffsets(tp, RequestTimeout).High))
                .Where(tpo => tpo.Offset.Value > 0)
                .ToList();
            if (ends.Count > 0)
            {
                consumer.Commit(ends);
            }
        }
    }

    private static string Group(string topic) =>
        OrchestratorMessaging.DecisiveReplies.Single(e => e.Topic == topic).ConsumerGroup;

    private static IConsumer<Ignore, Ignore> GroupClient(string group) =>
        new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = DeadlineInfrastructure.Kafka.BootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
        }).Build();
}
