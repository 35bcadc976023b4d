using Confluent.Kafka;
using FluentAssertions;

namespace OrderFulfillment.EmbeddedKafka.Tests;

/// <summary>Each test here owns its cluster, because taking brokers down would disturb every other test.</summary>
public sealed class BrokerFaultTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Produce_with_acks_all_fails_while_the_brokers_are_down_and_succeeds_after_they_return(
        CancellationToken cancellationToken)
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Topics = [new TopicSpec(
            "payments.payment.charged", 3)] });
        using var producer = KafkaClients.Producer(cluster.BootstrapServers, c => c.MessageTimeoutMs = 3000);
        await producer.ProduceAsync("payments.payment.charged",
            new Message<string, string> { Key = "order-1", Value = "before" }, cancellationToken);

        await cluster.SetBrokerDownAsync(-1, cancellationToken);
        var whileDown = () => producer.ProduceAsync("payments.payment.charged",
            new Message<string, string> { Key = "order-1", Value = "during" }, cancellationToken);
        (await whileDown.Should().ThrowAsync<ProduceException<string, string>>())
            .Which.Error.Code.Should().Be(ErrorCode.Local_MsgTimedOut);

        var pending = producer.ProduceAsync("payments.payment.charged", new Message<string, string> { Key = "order-1",
            Value = "after" }, cancellationToken);
        await cluster.SetBrokerUpAsync(-1, cancellationToken);

        var delivered = await pending;
        delivered.Status.Should().Be(PersistenceStatus.Persisted);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_broker_that_is_down_stops_only_the_partitions_it_leads(CancellationToken cancellationToken)
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Topics = [new TopicSpec(
            "shipping.shipment.created", 2)] });
        await cluster.SetPartitionLeaderAsync("shipping.shipment.created", 0, 3, cancellationToken);
        await cluster.SetPartitionLeaderAsync("shipping.shipment.created", 1, 1, cancellationToken);
        using var producer = KafkaClients.Producer(cluster.BootstrapServers, c => c.MessageTimeoutMs = 3000);

        await cluster.SetBrokerDownAsync(3, cancellationToken);

        var toHealthyLeader = await producer.ProduceAsync(new TopicPartition("shipping.shipment.created", 1),
            new Message<string, string> { Key = "a", Value = "ok" }, cancellationToken);
        toHealthyLeader.Status.Should().Be(PersistenceStatus.Persisted);
        var toDownLeader = () => producer.ProduceAsync(new TopicPartition("shipping.shipment.created", 0),
            new Message<string, string> { Key = "b", Value = "lost?" }, cancellationToken);
        await toDownLeader.Should().ThrowAsync<ProduceException<string, string>>();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task An_injected_request_error_fails_the_next_matching_request_only(
        CancellationToken cancellationToken)
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Topics = [new TopicSpec(
            "orders.order.audited", 1)] });
        using var producer = KafkaClients.Producer(cluster.BootstrapServers, c => c.EnableIdempotence = false);
        await producer.ProduceAsync("orders.order.audited",
            new Message<string, string> { Key = "k", Value = "warm-up" }, cancellationToken);

        await cluster.PushRequestErrorsAsync(KafkaApiKey.Produce, [ErrorCode.RecordListTooLarge], cancellationToken);

        var failing = () => producer.ProduceAsync("orders.order.audited", new Message<string, string> { Key = "k",
            Value = "rejected" }, cancellationToken);
        (await failing.Should().ThrowAsync<ProduceException<string, string>>()).Which.Error.Code.Should()
            .Be(ErrorCode.RecordListTooLarge);
        var next = await producer.ProduceAsync("orders.order.audited", new Message<string, string> { Key = "k",
            Value = "accepted" }, cancellationToken);
        next.Status.Should().Be(PersistenceStatus.Persisted);
    }
}
