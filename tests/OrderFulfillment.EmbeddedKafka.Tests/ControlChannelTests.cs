using Confluent.Kafka;
using FluentAssertions;
using OrderFulfillment.EmbeddedKafka.Control;

namespace OrderFulfillment.EmbeddedKafka.Tests;

public sealed class ControlChannelTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Topics_and_faults_sent_over_the_control_channel_reach_the_cluster(
        CancellationToken cancellationToken)
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        await using var server =
            await EmbeddedKafkaControlServer.StartAsync(cluster, cancellationToken: cancellationToken);
        using var control = await EmbeddedKafkaControlClient.ConnectAsync(server.Address, cancellationToken);

        control.BootstrapServers.Should().Be(cluster.BootstrapServers);
        server.Address.Host.Should().Be("127.0.0.1", "fault injection is reachable from this host only");

        await control.CreateTopicAsync("inventory.stock.released", 2, cancellationToken);
        using var producer = KafkaClients.Producer(control.BootstrapServers, c => c.MessageTimeoutMs = 3000);
        var first = await producer.ProduceAsync(new TopicPartition("inventory.stock.released", 1),
            new Message<string, string> { Key = "k", Value = "v" }, cancellationToken);
        first.Status.Should().Be(PersistenceStatus.Persisted, "the topic was created with two partitions");

        await control.SetBrokerDownAsync(-1, cancellationToken);
        var whileDown = () => producer.ProduceAsync("inventory.stock.released", new Message<string, string> { Key = "k",
            Value = "v" }, cancellationToken);
        await whileDown.Should().ThrowAsync<ProduceException<string, string>>();

        await control.SetBrokerUpAsync(-1, cancellationToken);
        (await producer.ProduceAsync("inventory.stock.released", new Message<string, string> { Key = "k", Value = "v" },
            cancellationToken))
            .Status.Should().Be(PersistenceStatus.Persisted);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_refused_control_call_answers_with_the_reason(CancellationToken cancellationToken)
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = 1 });
        await using var server =
            await EmbeddedKafkaControlServer.StartAsync(cluster, cancellationToken: cancellationToken);
        using var control = await EmbeddedKafkaControlClient.ConnectAsync(server.Address, cancellationToken);

        var down = () => control.SetBrokerDownAsync(7, cancellationToken);

        (await down.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("400")
            .And.Contain("1..1");
    }
}
