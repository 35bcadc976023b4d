using MassTransit;
using FluentAssertions;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests;

public sealed class OrderStateMachineTests
{
    [Test]
    public async Task An_order_is_reserved_charged_shipped_and_completed()
    {
        await using var order = await OrderSagaHarness.Start();

        await order.Place(unitPrice: 10m);
        (await order.InState(order.Machine.Placed)).TotalUsd.Should().Be(30m);
        order.SentCount<ReserveInventory>().Should().Be(1);

        await order.Reserved();
        await order.InState(order.Machine.InventoryReserved);
        order.Harness.Sent.Select<ChargePayment>(m => m.Context.Message.OrderId == order.OrderId,
            new CancellationToken(true)).Single().Context.Message.AmountUsd.Should().Be(30m);

        await order.Charging();
        await order.InState(order.Machine.PaymentCharging);

        await order.Charged();
        await order.InState(order.Machine.AwaitingShipment);
        order.SentCount<CreateShipment>().Should().Be(1);

        await order.Shipped();
        var completed = await order.InState(order.Machine.Completed);
        completed.TrackingNumber.Should().Be("TRACK-1");
        completed.DeadlineAt.Should().BeNull("a finished order waits for nothing");
        order.PublishedCount<OrderCompleted>().Should().Be(1);
        order.PublishedCount<OrderCancelled>().Should().Be(0);
    }

    [Test]
    public async Task An_order_short_of_stock_is_cancelled_as_out_of_stock_without_charging()
    {
        await using var order = await OrderSagaHarness.Start();

        await order.Place();
        await order.OutOfStock();

        (await order.InState(order.Machine.Cancelled)).CancellationReason.Should().Be(CancellationReasons.OutOfStock);
        order.PublishedCount<OrderCancelled>().Should().Be(1);
        order.SentCount<ChargePayment>().Should().Be(0);
        order.SentCount<ReleaseInventory>().Should().Be(0, "nothing was reserved");
    }

    [Test]
    public async Task A_declined_payment_releases_the_stock_and_cancels_as_payment_failed()
    {
        await using var order = await OrderSagaHarness.Start();

        await order.Place();
        await order.Reserved();
        await order.Charging();
        await order.Declined();

        (await order.InState(order.Machine.Cancelled)).CancellationReason.Should()
            .Be(CancellationReasons.PaymentFailed);
        order.SentCount<ReleaseInventory>().Should().Be(1);
        order.SentCount<CreateShipment>().Should().Be(0);
        order.PublishedCount<OrderCancelled>().Should().Be(1);
    }

    [Test]
    public async Task A_charge_reported_before_its_acknowledgement_still_ships_and_the_late_acknowledgement_is_ignored()
    {
        await using var order = await OrderSagaHarness.Start();

        await order.Place();
        await order.Reserved();
        await order.Charged();
        await order.InState(order.Machine.AwaitingShipment);
        await order.Charging();

        await order.InState(order.Machine.AwaitingShipment);
        order.SentCount<CreateShipment>().Should().Be(1);
    }

    [Test]
    public async Task A_reservation_that_times_out_is_released_and_cancelled_and_a_late_reservation_is_released_again()
    {
        await using var order = await OrderSagaHarness.Start();
        await order.Place();

        await order.DeadlinePasses();
        (await order.InState(order.Machine.Cancelled)).CancellationReason.Should().Be(CancellationReasons.Timeout);
        order.SentCount<ReleaseInventory>().Should().Be(1, "a reservation may have happened whose answer is late");

        await order.Reserved();
        await order.InState(order.Machine.Cancelled);
        order.SentCount<ReleaseInventory>().Should().Be(2, "the late reservation is given back");
        order.SentCount<ChargePayment>().Should().Be(0);
    }

    [Test]
    public async Task A_payment_that_times_out_is_compensated_and_a_late_charge_is_refunded()
    {
        await using var order = await OrderSagaHarness.Start();
        await order.Place();
        await order.Reserved();
        await order.Charging();

        await order.DeadlinePasses();
        (await order.InState(order.Machine.Cancelled)).CancellationReason.Should().Be(CancellationReasons.Timeout);
        order.SentCount<ReleaseInventory>().Should().Be(1);
        order.SentCount<RefundPayment>().Should().Be(1);

        await order.Charged();
        order.SentCount<RefundPayment>().Should().Be(2, "the late charge is refunded");
        order.SentCount<CreateShipment>().Should().Be(0);
    }

    [Test]
    public async Task A_deadline_the_saga_has_moved_past_is_ignored()
    {
        await using var order = await OrderSagaHarness.Start();
        await order.Place();
        var placed = await order.InState(order.Machine.Placed);
        var staleVersion = placed.DeadlineVersion;
        await order.Reserved();
        await order.InState(order.Machine.InventoryReserved);

        await order.DeadlinePasses(staleVersion);

        await order.InState(order.Machine.InventoryReserved);
        order.PublishedCount<OrderCancelled>().Should().Be(0);
    }

    [Test]
    public async Task A_deadline_handed_over_again_after_a_rearm_cancels_and_compensates_once()
    {
        await using var order = await OrderSagaHarness.Start();
        await order.Place();
        await order.Reserved();
        var version = (await order.InState(order.Machine.InventoryReserved)).DeadlineVersion;

        await order.DeadlinePasses(version);
        await order.DeadlinePasses(version);

        (await order.InState(order.Machine.Cancelled)).IgnoredEvents.Should()
            .Be(1, "the repeat is recognised and ignored");
        order.SentCount<ReleaseInventory>().Should().Be(1);
        order.SentCount<RefundPayment>().Should().Be(1);
        order.PublishedCount<OrderCancelled>().Should().Be(1);
    }

    [Test]
    public async Task Duplicate_replies_and_messages_after_completion_change_nothing()
    {
        await using var order = await OrderSagaHarness.Start();
        await order.Place();
        await order.Reserved();
        await order.Reserved();
        order.SentCount<ChargePayment>().Should().Be(1, "a second reservation reply is a duplicate");

        await order.Charged();
        await order.Shipped();
        await order.InState(order.Machine.Completed);
        await order.Shipped();
        await order.Declined();
        await order.DeadlinePasses();

        await order.InState(order.Machine.Completed);
        order.PublishedCount<OrderCompleted>().Should().Be(1);
        order.PublishedCount<OrderCancelled>().Should().Be(0);
    }

    [Test]
    public async Task An_event_the_state_does_not_expect_is_counted_on_the_saga_without_faulting()
    {
        await using var order = await OrderSagaHarness.Start();
        await order.Place();
        await order.OutOfStock();
        await order.Charging();

        var saga = await order.InState(order.Machine.Cancelled);
        saga.IgnoredEvents.Should().Be(1);
        saga.LastIgnoredEvent.Should().Be(nameof(OrderStateMachine.ChargeAccepted));
        order.Harness.Consumed.Select<PaymentCharging>(m => m.Exception is not null).Should().BeEmpty();
    }

    [Test]
    public async Task A_reply_for_an_order_the_saga_never_saw_is_discarded_without_faulting()
    {
        await using var order = await OrderSagaHarness.Start();
        var stray = new InventoryReserved(NewId.NextGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "tenant-a");

        await order.Harness.Bus.Publish(stray);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await order.Harness.Consumed.Any<InventoryReserved>(m => m.Context.Message.EventId == stray.EventId,
            deadline.Token)).Should().BeTrue();
        order.Harness.Consumed.Select<InventoryReserved>(m => m.Exception is not null).Should().BeEmpty();
        order.Saga.Sagas.Contains(stray.OrderId).Should().BeNull();
    }

    [TestCase("PO-4711")]
    [TestCase(null)]
    public async Task The_saga_keeps_the_customer_reference_of_OrderPlaced(string? reference)
    {
        await using var order = await OrderSagaHarness.Start();

        await order.Place(customerReference: reference);

        (await order.InState(order.Machine.Placed)).CustomerReference.Should().Be(reference);
    }
}
