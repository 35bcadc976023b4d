using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed class TopicEndpointTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_consumer_handles_keyed_messages_in_order_per_key_and_concurrently_across_keys()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded");
        var recorder = new Recorder();
        await using var host = await RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<RecordingConsumer>();
                rider.AddProducer<OrderStepRecorded>(topic, m => m.OrderId.ToString());
            },
            (context, k) => k.TopicEndpoint<OrderStepRecorded>(topic, "ordering",
                e => e.ConfigureConsumer<RecordingConsumer>(context)),
            services => services.AddSingleton(recorder));

        var orders = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        var producer = host.Producer<OrderStepRecorded>();
        for (var sequence = 0; sequence < 15; sequence++)
        {
            await Task.WhenAll(orders.Select(o => producer.Produce(new OrderStepRecorded(o, sequence))));
        }

        await Eventually.True(() => recorder.Handled.Count >= 300, TimeSpan.FromSeconds(60),
            "all 300 messages are handled");

        foreach (var order in recorder.Handled.GroupBy(h => h.OrderId))
        {
            order.Select(h => h.Sequence)
                .Should().Equal(Enumerable.Range(0, 15), "one order's messages are handled in offset order");
            order.Select(h => h.Record!.Partition).Distinct().Should().ContainSingle("the order id is the key");
        }

        recorder.Handled.Select(h => h.MessageId).Should().OnlyHaveUniqueItems();
        recorder.MaxConcurrency.Should().BeGreaterThan(1, "different keys run concurrently");
        var headers = recorder.Handled.First().Headers;
        headers[KafkaHeaders.ContentType].Should().Be("application/json");
        headers[KafkaHeaders.SchemaVersion].Should().Be("2");
        ((string)headers[KafkaHeaders.MessageType]).Should().Contain(MessageUrn.ForTypeString<OrderStepRecorded>());
    }
}
