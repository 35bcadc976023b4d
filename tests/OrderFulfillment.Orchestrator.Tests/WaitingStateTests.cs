using FluentAssertions;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests;

/// <summary>
/// What every state an order waits in must accept, whichever step it belongs to: its deadline, a cancellation and the
/// operators' two actions. A new waiting state that forgets one is caught here, before any scenario is written for it.
/// </summary>
public sealed class WaitingStateTests
{
    [Test]
    public async Task Every_waiting_state_takes_its_deadline_a_cancellation_a_retry_and_a_deadline_extension()
    {
        await using var order = await OrderSagaHarness.Start();
        var graph = SagaGraph.Of(order.Machine);

        graph.WaitingStates.Should().NotBeEmpty();
        foreach (var state in graph.WaitingStates)
        {
            SagaGraph.Accepts(order.Machine, state).Should().Contain(
                [nameof(OrderDeadlinePassed), nameof(CancelOrder), nameof(RetryOrderStep), nameof(ExtendOrderDeadline)],
                $"{state} waits: OrderStateMachine.cs needs CancelOnDeadline and CancelOnRequest in During({state}), " +
                "and OrderStateMachine.Operations.cs a RetryWith and the deadline extension for it");
        }
    }
}
