using OrderFulfillment.EmbeddedKafka;
using OrderFulfillment.EmbeddedPostgres;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

/// <summary>
/// Real PostgreSQL and the embedded Kafka for the assembly; each test gets its own database and topics.
/// </summary>
[SetUpFixture]
public sealed class InfrastructureFixture
{
    private static EmbeddedKafkaCluster? _kafka;
    private static EmbeddedPostgresServer? _postgres;

    public static EmbeddedKafkaCluster Kafka => _kafka ?? throw new InvalidOperationException("Kafka has not started.");

    public static EmbeddedPostgresServer Postgres => _postgres
        ?? throw new InvalidOperationException("PostgreSQL has not started.");

    [OneTimeSetUp]
    public async Task Start()
    {
        _kafka = EmbeddedKafkaCluster.Start();
        RiderHost.BootstrapServers = _kafka.BootstrapServers;
        _postgres = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { Durable = false });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _kafka?.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    public static async Task<string> CreateTopic(string name, int partitions = 6)
    {
        var topic = $"{name}.{Guid.NewGuid():N}";
        await Kafka.CreateTopicAsync(topic, partitions);
        await Kafka.CreateTopicAsync(topic + ".dlq", 1);
        return topic;
    }
}
