using Confluent.Kafka;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.EmbeddedKafka;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Messaging.Kafka.Sending;

namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed class ProducerRecoveryTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_fatal_producer_error_rebuilds_the_producer_and_readiness_reports_it_until_a_produce_succeeds()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 1);
        var recorder = new Recorder();
        await using var host = await RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<RecordingConsumer>();
                rider.AddProducer<OrderStepRecorded>(topic, m => m.OrderId.ToString());
            },
            (context, k) =>
            {
                // With the gapless guarantee, a sequence desynchronisation is fatal for the idempotent producer.
                k.ConfigureProducer(p => p.EnableGaplessGuarantee = true);
                k.TopicEndpoint<OrderStepRecorded>(topic, "recovering",
                    e => e.ConfigureConsumer<RecordingConsumer>(context));
            },
            services => services.AddSingleton(recorder));
        var client = host.Services.GetRequiredService<KafkaProducerClient>();
        var producer = host.Producer<OrderStepRecorded>();
        var order = Guid.NewGuid();
        await producer.Produce(new OrderStepRecorded(order, 0));
        await Eventually.True(() => EndpointStatus(host, topic) == BusHealthStatus.Healthy, TimeSpan.FromSeconds(30),
            "the endpoint starts healthy");
        client.Generation.Should().Be(1);

        await KafkaFixture.Cluster.PushRequestErrorsAsync(KafkaApiKey.Produce, [ErrorCode.OutOfOrderSequenceNumber]);
        var failed = async () => await producer.Produce(new OrderStepRecorded(order, 1));
        // The record fails with the broker's error; the producer reports the fatal error through its error callback.
        await failed.Should().ThrowAsync<ProduceException<byte[], byte[]>>();
        await Eventually.True(() => client.FatalError is not null, TimeSpan.FromSeconds(30),
            "the client noticed the fatal error");
        EndpointStatus(host, topic).Should().Be(BusHealthStatus.Unhealthy, "readiness reports the broken producer");
        // MassTransit's rule: the bus is Unhealthy only when all its endpoints are; its own in-memory endpoint is fine.
        host.Health.Status.Should().Be(BusHealthStatus.Degraded, "the bus health check, and so readiness, reports it");

        await producer.Produce(new OrderStepRecorded(order, 2));
        client.Generation.Should().Be(2, "a new producer was built");
        client.FatalError.Should().BeNull();
        EndpointStatus(host, topic)
            .Should().Be(BusHealthStatus.Healthy, "a produce through the new producer succeeded");
        await Eventually.True(() => recorder.Handled.Select(h => h.Sequence).Order().SequenceEqual([0, 2]),
            TimeSpan.FromSeconds(30), "the records before and after the rebuild arrive");
    }

    private static BusHealthStatus EndpointStatus(RiderHost host, string topic) =>
        host.Health.Endpoints.Single(e => e.Key.Contains(topic, StringComparison.Ordinal)).Value.Status;
}
