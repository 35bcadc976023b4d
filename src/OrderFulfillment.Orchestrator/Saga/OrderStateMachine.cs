using MassTransit;
using OrderFulfillment.Contracts.Orders;

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
        // Not a reply: in Initial (OrderPlaced not taken yet) it creates the saga, already cancelled.
        Event(() => CancellationRequested, e => e.CorrelateById(m => m.Message.OrderId));
        Event(() => RetryRequested, Reply);
        Event(() => DeadlineExtensionRequested, Reply);

        // A reply for a state the order is no longer in (a duplicate, or a straggler) must not fault the endpoint:
        // Kafka redelivers a faulted record forever. It is counted on the saga, which also journals it.
        OnUnhandledEvent(RecordIgnored);

        Initially(
            When(OrderPlaced)
                .Then(Accept)
                .Send(_options.ReserveInventory, Reserve)
                .Then(c => SetDeadline(c.Saga, _options.ReservationTimeout))
                .TransitionTo(Placed),
            // Cancelled while OrderPlaced was still on its way (another topic): nothing was asked of any worker yet.
            CancelAndCompensate(When(CancellationRequested).Then(TakeTenant), Undo.Nothing, RequestedReason));

        During(Placed,
            When(ReservationConfirmed)
                .Send(_options.ChargePayment, Charge)
                .Then(c => SetDeadline(c.Saga, _options.PaymentTimeout))
                .TransitionTo(InventoryReserved),
            When(ReservationFailed)
                .Then(c => Cancel(c.Saga, CancellationReasons.OutOfStock))
                .Publish(CancelledEvent)
                .TransitionTo(Cancelled),
            CancelOnDeadline(Undo.Reservation),
            CancelOnRequest(Undo.Reservation));

        During(InventoryReserved, PaymentCharging,
            When(ChargeAccepted)
                .TransitionTo(PaymentCharging),
            When(PaymentSucceeded)
                .Send(_options.CreateShipment, Ship)
                .Then(c => SetDeadline(c.Saga, _options.ShipmentTimeout))
                .TransitionTo(AwaitingShipment),
            When(PaymentDeclined)
                .Send(_options.ReleaseInventory, Release)
                .Then(c => Cancel(c.Saga, CancellationReasons.PaymentFailed))
                .Publish(CancelledEvent)
                .TransitionTo(Cancelled),
            CancelOnDeadline(Undo.Reservation | Undo.Charge),
            CancelOnRequest(Undo.Reservation | Undo.Charge));

        During(AwaitingShipment,
            When(ShipmentReady)
                .Then(c => Complete(c.Saga, c.Message.TrackingNumber))
                .Publish(CompletedEvent)
                .TransitionTo(Completed),
            CancelOnDeadline(Undo.Reservation | Undo.Charge | Undo.Shipment),
            CancelOnRequest(Undo.Reservation | Undo.Charge | Undo.Shipment));

        // Late replies after a cancellation: what was reserved, charged or shipped in the meantime is undone. A
        // ShipmentCreated can only follow a CreateShipment sent before the cancellation; the shipment is cancelled.
        // Touching the row journals the step with what it sent (the journal records only steps that change the row).
        // An OrderPlaced after a cancellation (one that overtook it) only records the order; nothing is reserved.
        During(Cancelled,
            When(OrderPlaced).Then(Accept),
            When(ReservationConfirmed).Send(_options.ReleaseInventory, Release).Then(Touch),
            When(PaymentSucceeded).Send(_options.RefundPayment, Refund).Then(Touch),
            When(ShipmentReady).Send(_options.CancelShipment, CancelShipping).Then(Touch),
            When(ShipmentCancellationConfirmed).Then(RecordShipmentCancelled));

        OperatorActions();
    }

    /// <summary>
    /// What a cancellation must undo: it depends on how far the order got, never on why it is cancelled.
    /// </summary>
    [Flags]
    private enum Undo
    {
        Nothing = 0,

        /// <summary>ReserveInventory was sent: ReleaseInventory.</summary>
        Reservation = 1,

        /// <summary>ChargePayment was sent, so a charge may exist or be on its way: RefundPayment.</summary>
        Charge = 2,

        /// <summary>CreateShipment was sent: CancelShipment, which also stops one not handled yet.</summary>
        Shipment = 4,
    }

    /// <summary>A waiting state's deadline passed: cancel with <c>timeout</c>.</summary>
    private EventActivityBinder<OrderState, OrderDeadlinePassed> CancelOnDeadline(Undo undo) =>
        CancelAndCompensate(When(DeadlinePassed, IsCurrentDeadline), undo, _ => CancellationReasons.Timeout);

    /// <summary>
    /// Someone asked to cancel (CancelOrder), with its reason. The row lock orders it with the replies: whichever
    /// the saga takes first decides, and a request that comes after the order completed or was cancelled is ignored.
    /// </summary>
    private EventActivityBinder<OrderState, CancelOrder> CancelOnRequest(Undo undo) =>
        CancelAndCompensate(When(CancellationRequested), undo, RequestedReason);

    private static string RequestedReason(BehaviorContext<OrderState, CancelOrder> context) => context.Message.Reason;

    /// <summary>
    /// The one way an order is cancelled before it gets an answer that settles it: give back what may have been
    /// reserved, charged or shipped, and cancel. Every compensation is idempotent and harmless when nothing happened,
    /// and a reply that is merely late is compensated when it arrives (the <c>Cancelled</c> state above).
    /// </summary>
    private EventActivityBinder<OrderState, T> CancelAndCompensate<T>(EventActivityBinder<OrderState, T> binder,
        Undo undo, Func<BehaviorContext<OrderState, T>, string> reason)
        where T : class
    {
        if (undo.HasFlag(Undo.Reservation))
        {
            binder = binder.Send(_options.ReleaseInventory, Release);
        }

        if (undo.HasFlag(Undo.Charge))
        {
            binder = binder.Send(_options.RefundPayment, Refund);
        }

        if (undo.HasFlag(Undo.Shipment))
        {
            binder = binder.Send(_options.CancelShipment, CancelShipping);
        }

        return binder
            .Then(c => Cancel(c.Saga, reason(c)))
            .Publish(CancelledEvent)
            .TransitionTo(Cancelled);
    }
}
