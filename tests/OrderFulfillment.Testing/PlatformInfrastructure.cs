using OrderFulfillment.Contracts;
using OrderFulfillment.EmbeddedKafka;
using OrderFulfillment.EmbeddedPostgres;

namespace OrderFulfillment.Testing;

/// <summary>
/// What the platform runs on in a test process: a private PostgreSQL server and the embedded Kafka cluster with every
/// catalogued topic and its dead-letter topic. The rider's tests are pointed at the same cluster.
/// </summary>
public sealed class PlatformInfrastructure : IAsyncDisposable
{
    private PlatformInfrastructure(EmbeddedPostgresServer postgres, EmbeddedKafkaCluster kafka)
    {
        Postgres = postgres;
        Kafka = kafka;
    }

    public EmbeddedPostgresServer Postgres { get; }

    public EmbeddedKafkaCluster Kafka { get; }

    public static async Task<PlatformInfrastructure> StartAsync()
    {
        var postgres = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { Durable = false });
        var kafka = EmbeddedKafkaCluster.Start();
        RiderHost.BootstrapServers = kafka.BootstrapServers;
        foreach (var topic in Topics.All)
        {
            await kafka.CreateTopicAsync(topic.Name, topic.Partitions);
            await kafka.CreateTopicAsync(topic.DeadLetterTopic, 1);
        }

        return new PlatformInfrastructure(postgres, kafka);
    }

    public async ValueTask DisposeAsync()
    {
        Kafka.Dispose();
        await Postgres.DisposeAsync();
    }
}
