using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Contracts;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Messaging.Kafka.Sending;
using OrderFulfillment.Orchestrator.Messaging;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// The orchestrator as it runs is wired for every step of its state machine: it reads the topic of every message
/// that raises an event (one that is not read would never be raised), and produces every command the saga sends to
/// that command's topic, keyed by order id.
/// </summary>
public sealed class SagaTopicsTests
{
    private static readonly TimeSpan AssignmentDeadline = TimeSpan.FromMinutes(1);

    private OrchestratorApi _api = null!;

    [OneTimeSetUp]
    public async Task Start() => _api = await OrchestratorApi.Start();

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    [Test]
    public async Task The_saga_reads_the_topic_of_every_event_of_its_state_machine()
    {
        var rider = _api.Services.GetRequiredService<IKafkaRider>();
        var expected = SagaEvent.Of(_api.Services.GetRequiredService<OrderStateMachine>())
            .Select(e => e.Topic!.Name).ToList();

        await Eventually.True(() => expected.All(Read(rider).Contains), AssignmentDeadline,
            "the orchestrator reads every event's topic; OrchestratorMessaging.AddOrderSaga must have a " +
            "Saga<TMessage> for each of " + string.Join(", ", expected));

        Read(rider).Should().BeEquivalentTo(expected,
            "OrchestratorMessaging.AddOrderSaga must read (Saga<TMessage>) exactly the topics of the machine's events");
        rider.ConsumerStatus().Select(p => p.GroupId).Distinct().Should().OnlyContain(
            g => expected.Any(t => g == $"{OrchestratorMessaging.Service}.{t}"), "each topic is read by its own group");
    }

    [Test]
    public void Every_command_the_saga_sends_goes_to_its_topic_with_a_producer_registered_for_it()
    {
        var options = _api.Services.GetRequiredService<OrderSagaOptions>();
        var producers = _api.Services.GetRequiredService<KafkaProducerRegistry>();
        var destinations = typeof(OrderSagaOptions).GetProperties().Where(p => p.PropertyType == typeof(Uri)).ToList();

        destinations.Should().NotBeEmpty();
        foreach (var destination in destinations)
        {
            KafkaTopicAddress.TryGetTopic((Uri)destination.GetValue(options)!, out var topic).Should().BeTrue();
            var command = Topics.Find(topic);
            command.Should()
                .NotBeNull($"OrderSagaOptions.{destination.Name} names {topic}, which Topics.All must list");
            command!.MessageType.Name.Should().Be(destination.Name,
                $"OrderSagaOptions.{destination.Name} is the address of the topic of {destination.Name}");
            (producers.TryGetTopic(command.MessageType, out var produced) ? produced : null).Should().Be(topic,
                $"OrchestratorMessaging.AddOrderSaga must register Produce<{destination.Name}> to its topic");
        }
    }

    private static HashSet<string> Read(IKafkaRider rider) => [.. rider.ConsumerStatus().Select(p => p.Topic)];
}
