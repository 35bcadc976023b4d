using FluentAssertions;
using MassTransit;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed class StepState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public List<int> Steps { get; set; } = [];
}

/// <summary>Counts an order's steps and acknowledges each one on another topic.</summary>
public sealed class StepStateMachine : MassTransitStateMachine<StepState>
{
    public StepStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Recorded, e => e.CorrelateById(m => m.Message.OrderId));

        Initially(When(Recorded).Then(Record).Publish(Acknowledge).TransitionTo(Counting));
        During(Counting, When(Recorded).Then(Record).Publish(Acknowledge));
    }

    public State Counting { get; private set; } = null!;

    public Event<OrderStepRecorded> Recorded { get; private set; } = null!;

    private static void Record(BehaviorContext<StepState, OrderStepRecorded> context) =>
        context.Saga.Steps.Add(context.Message.Sequence);

    private static StepAcknowledged Acknowledge(BehaviorContext<StepState, OrderStepRecorded> context) =>
        new(context.Message.OrderId, context.Message.Sequence);
}

public sealed class SagaTests
{
    private static string? Header(Confluent.Kafka.ConsumeResult<byte[], byte[]> result, string key) =>
        result.Message.Headers.TryGetLastBytes(key, out var value) ? System.Text.Encoding.UTF8.GetString(value) : null;

    [Test]
    [CancelAfter(120_000)]
    public async Task A_state_machine_saga_on_a_topic_endpoint_sees_each_orders_steps_in_order_and_publishes_to_kafka()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded");
        var acknowledgements = await KafkaFixture.CreateTopic("orders.step.acknowledged");
        await using var host = await RiderHost.Start(
            rider =>
            {
                rider.AddSagaStateMachine<StepStateMachine, StepState>().InMemoryRepository();
                rider.AddProducer<OrderStepRecorded>(topic, m => m.OrderId.ToString());
                rider.AddProducer<StepAcknowledged>(acknowledgements, m => m.OrderId.ToString());
            },
            (context, k) =>
                k.TopicEndpoint<OrderStepRecorded>(topic, "saga", e => e.ConfigureSaga<StepState>(context)));

        var orders = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();
        var producer = host.Producer<OrderStepRecorded>();
        for (var step = 0; step < 10; step++)
        {
            await Task.WhenAll(orders.Select(o => producer.Produce(new OrderStepRecorded(o, step))));
        }

        var acknowledged = await TopicReader.ReadAsync(acknowledgements, 100, TimeSpan.FromSeconds(60));
        acknowledged.Should().HaveCount(100, "each step is acknowledged once");

        var consumed = await TopicReader.ReadAsync(topic, 100, TimeSpan.FromSeconds(30));
        var conversations =
            consumed.ToDictionary(r => Header(r, KafkaHeaders.MessageId)!, r => Header(r, KafkaHeaders.ConversationId));
        acknowledged.Should().OnlyContain(a => conversations.ContainsValue(Header(a, KafkaHeaders.ConversationId)),
            "a saga's publish continues the conversation of the message it handled");

        var byOrder = acknowledged.GroupBy(a => System.Text.Encoding.UTF8.GetString(a.Message.Key)).ToList();
        byOrder.Should().HaveCount(10);
        foreach (var order in byOrder)
        {
            order.Select(a => a.Message.Headers.GetLastBytes(KafkaHeaders.MessageId)).Should().OnlyHaveUniqueItems();
            var sequences = order.Select(a =>
                System.Text.Json.JsonDocument.Parse(a.Message.Value).RootElement.GetProperty("sequence").GetInt32());
            sequences.Should().Equal(Enumerable.Range(0, 10), "the saga handled the order's steps in order");
        }
    }
}
