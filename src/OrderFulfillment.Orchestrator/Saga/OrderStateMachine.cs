using MassTransit;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;

namespace OrderFulfillment.Orchestrator.Saga;

/// <summary>
/// The order flow: reserve stock, charge, ship; or cancel with compensation. Every waiting state has a deadline
/// (kept in the saga row and swept in PostgreSQL, since Kafka has no delayed delivery). Replies that arrive after a
/// cancellation are compensated; anything else unexpected is ignored rather than faulting the endpoint.
/// </summary>
public sealed partial class OrderStateMachine : MassTransitStateMachine<OrderState>
{
    private readonly OrderSagaOptions _options;
    private readonly TimeProvider _time;

    public OrderStateMachine(OrderSagaOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;

        InstanceState(x => x.CurrentState);
        Event(() => OrderPlaced, e => e.CorrelateById(m => m.Message.OrderId));
        Event(() => ReservationConfirmed, Reply);
        Event(() => ReservationFailed, Reply);
        Event(() => ChargeAccepted, Reply);
        Event(() => PaymentSucceeded, Reply);
        Event(() => PaymentDeclined, Reply);
        Event(() => ShipmentReady, Reply);
        Event(() => ShipmentCancellationConfirmed, Reply);
        Event(() => DeadlinePassed, Reply);

        // A reply for a state the order is no longer in (a duplicate, or a straggler) must not fault the endpoint:
        // Kafka redelivers a faulted record forever. It is counted on the saga, which also journals it.
        OnUnhandledEvent(RecordIgnored);

        Initially(
            When(OrderPlaced)
                .Then(Accept)
                .Send(_options.ReserveInventory, c => new ReserveInventory(NewId.NextGuid(), Now, c.Saga.CorrelationId, c.Saga.TenantId, c.Saga.Lines))
                .Then(c => SetDeadline(c.Saga, _options.ReservationTimeout))
                .TransitionTo(Placed));

        During(Placed,
            When(ReservationConfirmed)
                .Send(_options.ChargePayment, c => new ChargePayment(NewId.NextGuid(), Now, c.Saga.CorrelationId, c.Saga.TenantId, c.Saga.CustomerId, c.Saga.TotalUsd))
                .Then(c => SetDeadline(c.Saga, _options.PaymentTimeout))
                .TransitionTo(InventoryReserved),
            When(ReservationFailed)
                .Then(c => Cancel(c.Saga, CancellationReasons.OutOfStock))
                .Publish(CancelledEvent)
                .TransitionTo(Cancelled),
            CancelOnDeadline(refund: false));

        During(InventoryReserved, PaymentCharging,
            When(ChargeAccepted)
                .TransitionTo(PaymentCharging),
            When(PaymentSucceeded)
                .Send(_options.CreateShipment, c => new CreateShipment(NewId.NextGuid(), Now, c.Saga.CorrelationId, c.Saga.TenantId, c.Saga.ShippingAddressId))
                .Then(c => SetDeadline(c.Saga, _options.ShipmentTimeout))
                .TransitionTo(AwaitingShipment),
            When(PaymentDeclined)
                .Send(_options.ReleaseInventory, Release)
                .Then(c => Cancel(c.Saga, CancellationReasons.PaymentFailed))
                .Publish(CancelledEvent)
                .TransitionTo(Cancelled),
            CancelOnDeadline(refund: true));

        During(AwaitingShipment,
            When(ShipmentReady)
                .Then(c => Complete(c.Saga, c.Message.TrackingNumber))
                .Publish(c => new OrderCompleted(NewId.NextGuid(), Now, c.Saga.CorrelationId, c.Saga.TenantId, c.Saga.TotalUsd, c.Saga.TrackingNumber!))
                .TransitionTo(Completed),
            CancelOnDeadline(refund: true, cancelShipment: true));

        // Late replies after a cancellation: what was reserved, charged or shipped in the meantime is undone. A
        // ShipmentCreated can only follow a CreateShipment sent before the cancellation; the shipment is cancelled.
        During(Cancelled,
            When(ReservationConfirmed).Send(_options.ReleaseInventory, Release),
            When(PaymentSucceeded).Send(_options.RefundPayment, Refund),
            When(ShipmentReady).Send(_options.CancelShipment, CancelShipping),
            When(ShipmentCancellationConfirmed).Then(RecordShipmentCancelled));
    }

    /// <summary>
    /// A waiting state's deadline passed: give back what may have been reserved (and charged, once a charge was
    /// requested; and shipped, once a shipment was requested) and cancel. Every compensation is idempotent and
    /// harmless when nothing happened; CancelShipment also stops a CreateShipment still on its way.
    /// </summary>
    private EventActivityBinder<OrderState, OrderDeadlinePassed> CancelOnDeadline(bool refund, bool cancelShipment = false)
    {
        var binder = When(DeadlinePassed, IsCurrentDeadline).Send(_options.ReleaseInventory, Release);
        if (refund)
        {
            binder = binder.Send(_options.RefundPayment, Refund);
        }

        if (cancelShipment)
        {
            binder = binder.Send(_options.CancelShipment, CancelShipping);
        }

        return binder
            .Then(c => Cancel(c.Saga, CancellationReasons.Timeout))
            .Publish(CancelledEvent)
            .TransitionTo(Cancelled);
    }
}
