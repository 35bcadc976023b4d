using System.Text;
using Confluent.Kafka;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed class DeadLetterTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_poison_message_lands_in_the_dead_letter_topic_with_its_reason_while_the_rest_flow_on()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 1);
        var poisoned = Guid.NewGuid();
        var healthy = Guid.NewGuid();
        var recorder = new Recorder { ShouldFail = m => m.OrderId == poisoned && m.Sequence == 2 };
        await using var host = await RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<RecordingConsumer>();
                rider.AddProducer<OrderStepRecorded>(topic, m => m.OrderId.ToString());
            },
            (context, k) => k.TopicEndpoint<OrderStepRecorded>(topic, "poison", e =>
            {
                e.UseMessageRetry(r => r.Immediate(2));
                e.ConfigureConsumer<RecordingConsumer>(context);
            }),
            services => services.AddSingleton(recorder));

        var producer = host.Producer<OrderStepRecorded>();
        for (var sequence = 0; sequence < 5; sequence++)
        {
            await producer.Produce(new OrderStepRecorded(poisoned, sequence));
            await producer.Produce(new OrderStepRecorded(healthy, sequence));
        }

        using (var raw = new ProducerBuilder<byte[], byte[]>(
            new ProducerConfig { BootstrapServers = KafkaFixture.Cluster.BootstrapServers }).Build())
        {
            await raw.ProduceAsync(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("garbage"),
                Value = Encoding.UTF8.GetBytes("{not json") });
            await producer.Produce(new OrderStepRecorded(healthy, 5));
        }

        await Eventually.True(() => recorder.Handled.Count(h => h.OrderId == healthy) == 6, TimeSpan.FromSeconds(60),
            "the healthy order flows on");
        await Eventually.True(() => recorder.Handled.Count(h => h.OrderId == poisoned) == 4, TimeSpan.FromSeconds(60),
            "the poisoned order's other steps flow on");

        // Read more than expected, so a duplicate dead letter would show.
        var dead = await TopicReader.ReadAsync(topic + ".dlq", 3, TimeSpan.FromSeconds(5));
        dead.Select(d => Header(d, KafkaHeaders.DeadLetter.Reason))
            .Should().BeEquivalentTo(["faulted", "undeserializable"], "each poison record is dead-lettered once");
        var faulted = dead.Single(d => Header(d, KafkaHeaders.DeadLetter.Reason) == "faulted");
        Header(faulted, KafkaHeaders.DeadLetter.ExceptionType).Should().Be(typeof(InvalidOperationException).FullName);
        Header(faulted, KafkaHeaders.DeadLetter.ExceptionMessage).Should().Contain("Step 2");
        Header(faulted, KafkaHeaders.DeadLetter.SourceTopic).Should().Be(topic);
        Header(faulted, KafkaHeaders.DeadLetter.SourcePartition).Should().Be("0");
        long.Parse(Header(faulted, KafkaHeaders.DeadLetter.SourceOffset)!,
            System.Globalization.CultureInfo.InvariantCulture).Should().Be(4);
        Header(faulted, KafkaHeaders.DeadLetter.ConsumerGroup).Should().Be("poison");
        Encoding.UTF8.GetString(faulted.Message.Key).Should().Be(poisoned.ToString());

        var garbage = dead.Single(d => Header(d, KafkaHeaders.DeadLetter.Reason) != "faulted");
        Header(garbage, KafkaHeaders.DeadLetter.Reason).Should().Be("undeserializable");
        Encoding.UTF8.GetString(garbage.Message.Value).Should().Be("{not json");
    }

    private static string? Header(ConsumeResult<byte[], byte[]> result, string key) =>
        result.Message.Headers.TryGetLastBytes(key, out var value) ? Encoding.UTF8.GetString(value) : null;
}
