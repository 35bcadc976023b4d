using OrderFulfillment.Contracts;
using OrderFulfillment.EmbeddedKafka;

namespace OrderFulfillment.Orchestrator.Tests.Deadlines;

/// <summary>
/// PostgreSQL and an embedded Kafka with the platform's topics, for the deadline tests only (a set-up fixture covers
/// its namespace, so the state machine tests on the in-memory harness start neither).
/// </summary>
[SetUpFixture]
public sealed class DeadlineInfrastructure : PostgresSetUp
{
    private static EmbeddedKafkaCluster? _kafka;

    public static EmbeddedKafkaCluster Kafka => _kafka ?? throw new InvalidOperationException("Kafka has not started.");

    [OneTimeSetUp]
    public async Task StartKafka()
    {
        _kafka = EmbeddedKafkaCluster.Start();
        foreach (var topic in Topics.All)
        {
            await _kafka.CreateTopicAsync(topic.Name, topic.Partitions);
        }
    }

    [OneTimeTearDown]
    public void StopKafka() => _kafka?.Dispose();
}
