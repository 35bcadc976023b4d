using FluentAssertions;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests;

/// <summary>
/// No cancelled order ships: a cancellation after CreateShipment was sent cancels the shipment, whatever the order of
/// the replies.
/// </summary>
public sealed class ShipmentCompensationTests
{
    [Test]
    public async Task A_shipment_deadline_cancels_the_shipment_with_the_release_and_the_refund()
    {
        await using var order = await OrderSagaHarness.Start();
        await ChargedAndAwaitingShipment(order);

        await order.DeadlinePasses();

        (await order.InState(order.Machine.Cancelled)).CancellationReason.Should().Be(CancellationReasons.Timeout);
        order.SentCount<CancelShipment>()
            .Should().Be(1, "CreateShipment was sent, so a shipment may exist or be on its way");
        order.SentCount<ReleaseInventory>().Should().Be(1);
        order.SentCount<RefundPayment>().Should().Be(1);
        order.PublishedCount<OrderCancelled>().Should().Be(1);
        order.PublishedCount<OrderCompleted>()
            .Should().Be(0, "inventory moves stock to shipped only for completed orders");
    }

    [Test]
    public async Task A_shipment_created_after_the_deadline_is_cancelled_not_ignored()
    {
        await using var order = await OrderSagaHarness.Start();
        await ChargedAndAwaitingShipment(order);
        await order.DeadlinePasses();
        await order.InState(order.Machine.Cancelled);

        await order.Shipped();

        var saga = await order.InState(order.Machine.Cancelled);
        order.SentCount<CancelShipment>().Should()
            .Be(2, "the late shipment is cancelled again, for good measure and in case the first cancel was lost");
        saga.IgnoredEvents.Should().Be(0, "a late shipment is compensated, not ignored");
        saga.TrackingNumber.Should().BeNull();
        order.PublishedCount<OrderCompleted>().Should().Be(0);
    }

    [Test]
    public async Task A_shipment_cancellation_is_recorded_on_the_cancelled_order_without_changing_its_state()
    {
        await using var order = await OrderSagaHarness.Start();
        await ChargedAndAwaitingShipment(order);
        await order.DeadlinePasses();

        await order.ShipmentCancelled(shipmentExisted: false);
        var saga = await order.InState(order.Machine.Cancelled);
        var recordedAt = saga.ShipmentCancelledAt;
        await order.ShipmentCancelled(shipmentExisted: false);

        saga = await order.InState(order.Machine.Cancelled);
        saga.ShipmentCancelledAt.Should().NotBeNull().And.Be(recordedAt, "the first confirmation is the one recorded");
        saga.IgnoredEvents.Should().Be(0);
        saga.CancellationReason.Should().Be(CancellationReasons.Timeout);
    }

    [Test]
    public async Task Deadlines_before_CreateShipment_was_sent_send_no_CancelShipment()
    {
        await using var placed = await OrderSagaHarness.Start();
        await placed.Place();
        await placed.DeadlinePasses();
        await placed.InState(placed.Machine.Cancelled);

        await using var charging = await OrderSagaHarness.Start();
        await charging.Place();
        await charging.Reserved();
        await charging.Charging();
        await charging.DeadlinePasses();
        await charging.InState(charging.Machine.Cancelled);

        placed.SentCount<CancelShipment>().Should().Be(0);
        charging.SentCount<CancelShipment>()
            .Should().Be(0, "no shipment was requested, and a late charge is refunded instead of shipped");
    }

    [Test]
    public async Task A_shipment_and_the_deadline_racing_end_either_completed_or_cancelled_with_the_shipment_cancelled()
    {
        // The shipment wins: the deadline is then stale and ignored.
        await using var shippedFirst = await OrderSagaHarness.Start();
        await ChargedAndAwaitingShipment(shippedFirst);
        var version = (await shippedFirst.Instance()).DeadlineVersion;
        await shippedFirst.Shipped();
        await shippedFirst.DeadlinePasses(version);
        await shippedFirst.InState(shippedFirst.Machine.Completed);
        shippedFirst.SentCount<CancelShipment>().Should().Be(0);
        shippedFirst.SentCount<RefundPayment>().Should().Be(0);

        // The deadline wins: the shipment that follows is cancelled.
        await using var deadlineFirst = await OrderSagaHarness.Start();
        await ChargedAndAwaitingShipment(deadlineFirst);
        await deadlineFirst.DeadlinePasses();
        await deadlineFirst.Shipped();
        await deadlineFirst.ShipmentCancelled();
        (await deadlineFirst.InState(deadlineFirst.Machine.Cancelled)).ShipmentCancelledAt.Should().NotBeNull();
        deadlineFirst.SentCount<CancelShipment>().Should().Be(2);
        deadlineFirst.PublishedCount<OrderCompleted>().Should().Be(0);
    }

    [Test]
    public async Task A_shipment_cancellation_in_a_state_that_sent_no_cancel_is_ignored_and_counted()
    {
        await using var order = await OrderSagaHarness.Start();
        await ChargedAndAwaitingShipment(order);

        await order.ShipmentCancelled();

        var saga = await order.InState(order.Machine.AwaitingShipment);
        saga.IgnoredEvents.Should().Be(1);
        saga.ShipmentCancelledAt.Should().BeNull();
    }

    private static async Task ChargedAndAwaitingShipment(OrderSagaHarness order)
    {
        await order.Place();
        await order.Reserved();
        await order.Charged();
        await order.InState(order.Machine.AwaitingShipment);
        order.SentCount<CreateShipment>().Should().Be(1);
    }
}
