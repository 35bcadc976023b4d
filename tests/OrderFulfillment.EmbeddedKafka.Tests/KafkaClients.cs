using Confluent.Kafka;

namespace OrderFulfillment.EmbeddedKafka.Tests;

/// <summary>Client settings that keep the mock cluster fast: short fetch waits and session timeouts.</summary>
internal static class KafkaClients
{
    public static IProducer<string, string> Producer(string bootstrapServers, Action<ProducerConfig>? configure = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
        };
        configure?.Invoke(config);
        return new ProducerBuilder<string, string>(config).Build();
    }

    public static ConsumerBuilder<string, string> ConsumerBuilder(string bootstrapServers, string groupId) =>
        new(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 500,
            FetchWaitMaxMs = 10,
        });
}
