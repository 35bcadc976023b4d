using FluentAssertions;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests;

/// <summary>
/// CancelOrder in every state: before the shipment it cancels and compensates exactly as a deadline would; after it, it
/// is ignored.
/// </summary>
public sealed class CustomerCancellationTests
{
    [TestCase("Placed", 1, 0, 0)]
    [TestCase("InventoryReserved", 1, 1, 0)]
    [TestCase("PaymentCharging", 1, 1, 0)]
    [TestCase("AwaitingShipment", 1, 1, 1)]
    public async Task A_waiting_order_is_cancelled_as_customer_requested_with_the_compensation_of_a_timeout(
        string state, int releases, int refunds, int shipmentCancels)
    {
        await using var cancelled = await OrderSagaHarness.Start();
        await Reach(cancelled, state);

        await cancelled.CancelRequested();

        var saga = await cancelled.InState(cancelled.Machine.Cancelled);
        saga.CancellationReason.Should().Be(CancellationReasons.CustomerRequested);
        saga.DeadlineAt.Should().BeNull("a cancelled order waits for nothing");
        Compensation(cancelled).Should().Be((releases, refunds, shipmentCancels));
        cancelled.Harness.Published.Select<OrderCancelled>(m => m.Context.Message.OrderId == cancelled.OrderId,
            Snapshot)
            .Should().ContainSingle().Which.Context.Message.Reason.Should().Be(CancellationReasons.CustomerRequested);

        await using var timedOut = await OrderSagaHarness.Start();
        await Reach(timedOut, state);
        await timedOut.DeadlinePasses();
        await timedOut.InState(timedOut.Machine.Cancelled);
        Compensation(cancelled).Should()
            .Be(Compensation(timedOut), "a customer's cancellation compensates as a timeout in the same state does");
    }

    [Test]
    public async Task A_cancellation_that_overtakes_OrderPlaced_cancels_before_anything_is_reserved()
    {
        await using var order = await OrderSagaHarness.Start();

        await order.CancelRequested();
        var early = await order.InState(order.Machine.Cancelled);
        early.CancellationReason.Should().Be(CancellationReasons.CustomerRequested);
        early.TenantId.Should().Be("tenant-a", "the API shows the order to its tenant only");
        await order.Place(unitPrice: 10m);

        var saga = await order.InState(order.Machine.Cancelled);
        saga.TotalUsd.Should().Be(30m, "the late OrderPlaced still records what the order was");
        saga.IgnoredEvents.Should().Be(0);
        order.SentCount<ReserveInventory>().Should().Be(0);
        Compensation(order).Should().Be((0, 0, 0), "nothing was asked of any worker");
        order.PublishedCount<OrderCancelled>().Should().Be(1);
    }

    [Test]
    public async Task A_completed_order_ignores_a_cancellation_and_counts_it()
    {
        await using var order = await OrderSagaHarness.Start();
        await Reach(order, "AwaitingShipment");
        await order.Shipped();
        await order.InState(order.Machine.Completed);

        await order.CancelRequested();

        var saga = await order.InState(order.Machine.Completed);
        saga.IgnoredEvents.Should().Be(1);
        saga.LastIgnoredEvent.Should().Be(nameof(order.Machine.CancellationRequested));
        saga.CancellationReason.Should().BeNull();
        Compensation(order).Should().Be((0, 0, 0));
        order.PublishedCount<OrderCancelled>().Should().Be(0);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_cancelled_order_ignores_a_cancellation_and_keeps_its_reason(bool cancelledByCustomer)
    {
        await using var order = await OrderSagaHarness.Start();
        await Reach(order, "InventoryReserved");
        await (cancelledByCustomer ? order.CancelRequested() : order.DeadlinePasses());
        var reason = (await order.InState(order.Machine.Cancelled)).CancellationReason;

        await order.CancelRequested();

        var saga = await order.InState(order.Machine.Cancelled);
        saga.CancellationReason.Should().Be(reason);
        saga.IgnoredEvents.Should().Be(1);
        Compensation(order).Should().Be((1, 1, 0), "only the first cancellation compensated");
        order.PublishedCount<OrderCancelled>().Should().Be(1);
    }

    [Test]
    public async Task The_API_takes_as_cancellable_exactly_the_states_where_the_saga_cancels()
    {
        await using var order = await OrderSagaHarness.Start();

        var cancellable = new[] { OrderQueries.Submitted }.Concat(SagaGraph.Of(order.Machine).OrderStates)
            .Where(s => OrderCancellations.IsCancellable(order.Machine, s));

        cancellable.Should()
            .Equal(OrderQueries.Submitted, "Placed", "InventoryReserved", "PaymentCharging", "AwaitingShipment");
    }

    /// <summary>Moves the order to <paramref name="state"/> with the replies that lead there.</summary>
    internal static async Task Reach(OrderSagaHarness order, string state)
    {
        await order.Place();
        if (state is "InventoryReserved" or "PaymentCharging" or "AwaitingShipment")
        {
            await order.Reserved();
        }

        if (state is "PaymentCharging")
        {
            await order.Charging();
        }

        if (state is "AwaitingShipment")
        {
            await order.Charged();
        }

        (await order.Instance()).CurrentState.Should().Be(state);
    }

    /// <summary>How many ReleaseInventory, RefundPayment and CancelShipment the saga sent for the order.</summary>
    internal static (int Releases, int Refunds, int ShipmentCancels) Compensation(OrderSagaHarness order) =>
        (order.SentCount<ReleaseInventory>(), order.SentCount<RefundPayment>(), order.SentCount<CancelShipment>());

    private static CancellationToken Snapshot => new(canceled: true);
}
