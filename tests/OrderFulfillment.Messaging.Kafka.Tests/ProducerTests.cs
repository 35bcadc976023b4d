using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using FluentAssertions;
using MassTransit;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Kafka.Tests;

/// <summary>Acknowledges each step through a topic producer from inside the consume.</summary>
public sealed class AcknowledgingConsumer(ITopicProducer<StepAcknowledged> producer) : IConsumer<OrderStepRecorded>
{
    public Task Consume(ConsumeContext<OrderStepRecorded> context) =>
        producer.Produce(new StepAcknowledged(context.Message.OrderId, context.Message.Sequence),
            context.CancellationToken);
}

public sealed class ProducerTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_message_produced_while_consuming_gets_its_own_id_and_keeps_the_conversation()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded");
        var acknowledgements = await KafkaFixture.CreateTopic("orders.step.acknowledged");
        await using var host = await RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<AcknowledgingConsumer>();
                rider.AddProducer<OrderStepRecorded>(topic, m => m.OrderId.ToString());
                rider.AddProducer<StepAcknowledged>(acknowledgements, m => m.OrderId.ToString());
            },
            (context, k) => k.TopicEndpoint<OrderStepRecorded>(topic, "acknowledging",
                e => e.ConfigureConsumer<AcknowledgingConsumer>(context)));

        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KafkaTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        var order = Guid.NewGuid();
        await host.Producer<OrderStepRecorded>().Produce(new OrderStepRecorded(order, 1));

        var consumed = (await TopicReader.ReadAsync(topic, 1, TimeSpan.FromSeconds(30))).Single();
        var produced = (await TopicReader.ReadAsync(acknowledgements, 1, TimeSpan.FromSeconds(30))).Single();
        Header(produced, KafkaHeaders.MessageId)
            .Should().NotBeNullOrEmpty().And.NotBe(Header(consumed, KafkaHeaders.MessageId));
        Header(produced, KafkaHeaders.ConversationId).Should().Be(Header(consumed, KafkaHeaders.ConversationId));
        TraceId(produced).Should().NotBeNullOrEmpty().And.Be(TraceId(consumed), "the trace continues across Kafka");
        Encoding.UTF8.GetString(produced.Message.Key).Should().Be(order.ToString(), "the key is the order id");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_produce_that_cannot_reach_the_cluster_fails_to_the_caller()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded");
        await using var host = await RiderHost.Start(
            rider => rider.AddProducer<OrderStepRecorded>(topic, m => m.OrderId.ToString()),
            (_, k) => k.ConfigureProducer(p => p.MessageTimeoutMs = 2000));

        try
        {
            await KafkaFixture.Cluster.SetBrokerDownAsync(-1);
            var produce = () => host.Producer<OrderStepRecorded>().Produce(new OrderStepRecorded(Guid.NewGuid(), 1));
            (await produce.Should().ThrowAsync<ProduceException<byte[], byte[]>>()).Which.Error.Code.Should()
                .Be(ErrorCode.Local_MsgTimedOut);
        }
        finally
        {
            await KafkaFixture.Cluster.SetBrokerUpAsync(-1);
        }
    }

    private static string? TraceId(ConsumeResult<byte[], byte[]> result) =>
        Header(result, KafkaHeaders.TraceParent)?.Split('-')[1];

    private static string? Header(ConsumeResult<byte[], byte[]> result, string key) =>
        result.Message.Headers.TryGetLastBytes(key, out var value) ? Encoding.UTF8.GetString(value) : null;
}
