using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Orchestrator.Messaging;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// The orchestrator as it runs reads the topic of every message that raises an event of its state machine, and no
/// other: an event whose topic <c>OrchestratorMessaging.AddOrderSaga</c> does not read would never be raised.
/// </summary>
public sealed class SagaTopicsTests
{
    private static readonly TimeSpan AssignmentDeadline = TimeSpan.FromMinutes(1);

    [Test]
    public async Task The_saga_reads_the_topic_of_every_event_of_its_state_machine()
    {
        await using var api = await OrchestratorApi.Start();
        var rider = api.Services.GetRequiredService<IKafkaRider>();
        var expected = SagaEvent.Of(api.Services.GetRequiredService<OrderStateMachine>())
            .Select(e => e.Topic!.Name).ToList();

        await Eventually.True(() => expected.All(Read(rider).Contains), AssignmentDeadline,
            "the orchestrator reads every event's topic; OrchestratorMessaging.AddOrderSaga must have a " +
            "Saga<TMessage> for each of " + string.Join(", ", expected));

        Read(rider).Should().BeEquivalentTo(expected,
            "OrchestratorMessaging.AddOrderSaga must read (Saga<TMessage>) exactly the topics of the machine's events");
        rider.ConsumerStatus().Select(p => p.GroupId).Distinct().Should().OnlyContain(
            g => expected.Any(t => g == $"{OrchestratorMessaging.Service}.{t}"), "each topic is read by its own group");
    }

    private static HashSet<string> Read(IKafkaRider rider) => [.. rider.ConsumerStatus().Select(p => p.Topic)];
}
