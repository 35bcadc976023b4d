using FluentAssertions;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Orchestrator.Saga;
using static OrderFulfillment.Orchestrator.Tests.CustomerCancellationTests;

namespace OrderFulfillment.Orchestrator.Tests;

/// <summary>
/// A cancellation and a reply in flight, taken by the saga in either order (its row lock serialises them): the order
/// ends cancelled with everything undone, or, once the shipment is created, completed with the cancellation ignored.
/// </summary>
public sealed class CancellationRaceTests
{
    [Test]
    public async Task Reservation_then_cancellation_releases_and_refunds_the_requested_charge()
    {
        await using var order = await OrderSagaHarness.Start();
        await order.Place();
        await order.Reserved();

        await order.CancelRequested();

        await order.InState(order.Machine.Cancelled);
        Compensation(order).Should().Be((1, 1, 0), "ChargePayment was sent on the reservation, so a charge may follow");
    }

    [Test]
    public async Task Cancellation_then_reservation_releases_the_late_reservation_and_charges_nothing()
    {
        await using var order = await OrderSagaHarness.Start();
        await order.Place();

        await order.CancelRequested();
        await order.Reserved();

        var saga = await order.InState(order.Machine.Cancelled);
        saga.IgnoredEvents.Should().Be(0, "a late reservation is compensated, not ignored");
        order.SentCount<ChargePayment>().Should().Be(0);
        Compensation(order).Should()
            .Be((2, 0, 0), "released at the cancellation, and again for the reservation that completed after it");
    }

    [Test]
    public async Task Charge_then_cancellation_refunds_and_cancels_the_requested_shipment()
    {
        await using var order = await OrderSagaHarness.Start();
        await Reach(order, "PaymentCharging");
        await order.Charged();

        await order.CancelRequested();

        await order.InState(order.Machine.Cancelled);
        order.SentCount<CreateShipment>().Should().Be(1);
        Compensation(order).Should().Be((1, 1, 1));
    }

    [Test]
    public async Task Cancellation_while_charging_then_charge_refunds_the_late_charge_and_ships_nothing()
    {
        await using var order = await OrderSagaHarness.Start();
        await Reach(order, "PaymentCharging");

        await order.CancelRequested();
        await order.Charged();

        var saga = await order.InState(order.Machine.Cancelled);
        saga.CancellationReason.Should().Be(CancellationReasons.CustomerRequested);
        order.SentCount<CreateShipment>().Should().Be(0);
        Compensation(order).Should().Be((1, 2, 0),
            "refunded at the cancellation (a charge may exist) and again for the charge that completed after it");
    }

    [Test]
    public async Task Shipment_then_cancellation_completes_and_ignores_the_cancellation()
    {
        await using var order = await OrderSagaHarness.Start();
        await Reach(order, "AwaitingShipment");
        await order.Shipped();

        await order.CancelRequested();

        var saga = await order.InState(order.Machine.Completed);
        saga.IgnoredEvents.Should().Be(1);
        Compensation(order).Should().Be((0, 0, 0));
        order.PublishedCount<OrderCompleted>().Should().Be(1);
        order.PublishedCount<OrderCancelled>().Should().Be(0);
    }

    [Test]
    public async Task Cancellation_then_shipment_cancels_the_late_shipment_and_never_completes()
    {
        await using var order = await OrderSagaHarness.Start();
        await Reach(order, "AwaitingShipment");

        await order.CancelRequested();
        await order.Shipped();

        var saga = await order.InState(order.Machine.Cancelled);
        saga.TrackingNumber.Should().BeNull();
        Compensation(order)
            .Should().Be((1, 1, 2), "the shipment that completed after the cancellation is cancelled again");
        order.PublishedCount<OrderCompleted>()
            .Should().Be(0, "inventory moves stock to shipped only for completed orders");
    }

    [Test]
    public async Task A_deadline_after_a_cancellation_is_ignored_and_compensates_nothing_more()
    {
        await using var order = await OrderSagaHarness.Start();
        await Reach(order, "InventoryReserved");
        var version = (await order.Instance()).DeadlineVersion;

        await order.CancelRequested();
        await order.DeadlinePasses(version);

        var saga = await order.InState(order.Machine.Cancelled);
        saga.CancellationReason.Should().Be(CancellationReasons.CustomerRequested);
        Compensation(order).Should().Be((1, 1, 0));
        order.PublishedCount<OrderCancelled>().Should().Be(1);
    }
}
