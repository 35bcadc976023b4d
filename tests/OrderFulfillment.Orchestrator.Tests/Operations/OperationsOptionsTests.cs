using FluentAssertions;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests.Operations;

/// <summary>Dwell limits are checked against the machine's waiting states, so a misspelt one stops the start.</summary>
public sealed class OperationsOptionsTests
{
    [Test]
    public async Task A_limit_for_a_waiting_state_is_valid_and_one_for_any_other_state_or_not_above_zero_is_not()
    {
        await using var order = await OrderSagaHarness.Start();
        var graph = SagaGraph.Of(order.Machine);
        var validation = new OperationsOptionsValidation(graph);

        graph.WaitingStates.Should().Equal("Placed", "InventoryReserved", "PaymentCharging", "AwaitingShipment");
        validation.Validate(null, Limits(("Placed", 1), ("AwaitingShipment", 60))).Succeeded.Should().BeTrue();
        var failed =
            validation.Validate(null, Limits(("Placd", 1), ("Completed", 1), ("Initial", 1), ("PaymentCharging", 0)));
        failed.Failed.Should().BeTrue();
        failed.Failures.Should().HaveCount(4);
    }

    private static OperationsOptions Limits(params (string State, int Seconds)[] limits) =>
        new() { DwellLimits = limits.ToDictionary(l => l.State, l => TimeSpan.FromSeconds(l.Seconds)) };
}
