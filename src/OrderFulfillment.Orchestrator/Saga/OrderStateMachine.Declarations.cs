using MassTransit;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;

namespace OrderFulfillment.Orchestrator.Saga;

public sealed partial class OrderStateMachine
{
    /// <summary>Waiting for the inventory to reserve every line.</summary>
    public State Placed { get; private set; } = null!;

    /// <summary>Stock is reserved; waiting for the payment.</summary>
    public State InventoryReserved { get; private set; } = null!;

    /// <summary>The payment service accepted the charge; waiting for its outcome.</summary>
    public State PaymentCharging { get; private set; } = null!;

    /// <summary>Charged; waiting for the shipment.</summary>
    public State AwaitingShipment { get; private set; } = null!;

    /// <summary>Terminal: reserved, charged and shipped.</summary>
    public State Completed { get; private set; } = null!;

    /// <summary>Terminal: cancelled with a reason, compensated.</summary>
    public State Cancelled { get; private set; } = null!;

    // Each event is named for what its message means to the order; its type argument is the message, by whose name
    // the diagram, the journal, the topics and the operations API call it. SagaEvent is the table between the two
    // (shown in docs/saga.md). The names stay: LastIgnoredEvent stores them, and InventoryReserved and PaymentCharging
    // name states as well as messages (docs/adr/0010-saga-events-named-for-their-meaning.md).
    public Event<OrderPlaced> OrderPlaced { get; private set; } = null!;

    public Event<InventoryReserved> ReservationConfirmed { get; private set; } = null!;

    public Event<InventoryReservationFailed> ReservationFailed { get; private set; } = null!;

    public Event<PaymentCharging> ChargeAccepted { get; private set; } = null!;

    public Event<PaymentCharged> PaymentSucceeded { get; private set; } = null!;

    public Event<PaymentFailed> PaymentDeclined { get; private set; } = null!;

    public Event<ShipmentCreated> ShipmentReady { get; private set; } = null!;

    /// <summary>Shipping confirmed a CancelShipment: the order will not ship.</summary>
    public Event<ShipmentCancelled> ShipmentCancellationConfirmed { get; private set; } = null!;

    public Event<OrderDeadlinePassed> DeadlinePassed { get; private set; } = null!;

    /// <summary>
    /// A cancellation asked for through the API (CancelOrder): acted on in every state before Completed.
    /// </summary>
    public Event<CancelOrder> CancellationRequested { get; private set; } = null!;

    /// <summary>An operator asks to re-send the command the order's state waits on (RetryOrderStep).</summary>
    public Event<RetryOrderStep> RetryRequested { get; private set; } = null!;

    /// <summary>An operator moves the current deadline later (ExtendOrderDeadline).</summary>
    public Event<ExtendOrderDeadline> DeadlineExtensionRequested { get; private set; } = null!;
}
