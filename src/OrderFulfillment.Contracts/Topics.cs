using OrderFulfillment.Schemas;

namespace OrderFulfillment.Contracts;

/// <summary>
/// Every topic of the platform, one per message type. Commands go to a topic of the service that executes them,
/// events to a topic of the service that owns the fact. All are keyed by order id, so one order's messages on a
/// topic keep their order; across topics they may interleave, and the saga is written for that.
/// </summary>
public static class Topics
{
    // Twelve partitions: enough parallelism for two cores per service, and it keeps each partition of the embedded
    // cluster (5 MiB cap) well below its limit in the 10,000-order benchmark.
    private const int Partitions = 12;

    /// <summary>OrderPlaced, written by the API through its outbox.</summary>
    public static readonly TopicDefinition OrderPlaced = Transactional<Orders.OrderPlaced>("orders.order.placed");

    /// <summary>OrderDeadlinePassed, from the orchestrator's deadline sweeper to its own saga.</summary>
    public static readonly TopicDefinition OrderDeadlinePassed =
        Transactional<Orders.OrderDeadlinePassed>("orders.order.deadline-passed");

    /// <summary>CancelOrder, from the orders API (through its outbox) to the orchestrator's saga.</summary>
    public static readonly TopicDefinition CancelOrder = Transactional<Orders.CancelOrder>("orders.order.cancel");

    /// <summary>RetryOrderStep, from the operations API (through its outbox) to the orchestrator's saga.</summary>
    public static readonly TopicDefinition RetryOrderStep =
        Transactional<Orders.RetryOrderStep>("orders.order.retry-step");

    /// <summary>ExtendOrderDeadline, from the operations API (through its outbox) to the orchestrator's saga.</summary>
    public static readonly TopicDefinition ExtendOrderDeadline =
        Transactional<Orders.ExtendOrderDeadline>("orders.order.extend-deadline");

    /// <summary>OrderCompleted: the audit trail of fulfilled orders.</summary>
    public static readonly TopicDefinition OrderCompleted = Audit<Orders.OrderCompleted>("orders.order.completed");

    /// <summary>OrderCancelled (with its reason): the audit trail of cancelled orders.</summary>
    public static readonly TopicDefinition OrderCancelled = Audit<Orders.OrderCancelled>("orders.order.cancelled");

    /// <summary>ReserveInventory commands.</summary>
    public static readonly TopicDefinition ReserveInventory =
        Transactional<Inventory.ReserveInventory>("inventory.stock.reserve");

    /// <summary>ReleaseInventory commands (compensation).</summary>
    public static readonly TopicDefinition ReleaseInventory =
        Transactional<Inventory.ReleaseInventory>("inventory.stock.release");

    /// <summary>InventoryReserved events.</summary>
    public static readonly TopicDefinition InventoryReserved =
        Transactional<Inventory.InventoryReserved>("inventory.stock.reserved");

    /// <summary>InventoryReservationFailed events.</summary>
    public static readonly TopicDefinition InventoryReservationFailed =
        Transactional<Inventory.InventoryReservationFailed>("inventory.stock.reservation-failed");

    /// <summary>InventoryReleased events.</summary>
    public static readonly TopicDefinition InventoryReleased =
        Transactional<Inventory.InventoryReleased>("inventory.stock.released");

    /// <summary>ChargePayment commands.</summary>
    public static readonly TopicDefinition ChargePayment =
        Transactional<Payments.ChargePayment>("payments.payment.charge");

    /// <summary>PaymentCharging events: the payment service has accepted the charge.</summary>
    public static readonly TopicDefinition PaymentCharging =
        Transactional<Payments.PaymentCharging>("payments.payment.charging");

    /// <summary>PaymentCharged events.</summary>
    public static readonly TopicDefinition PaymentCharged =
        Transactional<Payments.PaymentCharged>("payments.payment.charged");

    /// <summary>PaymentFailed events.</summary>
    public static readonly TopicDefinition PaymentFailed =
        Transactional<Payments.PaymentFailed>("payments.payment.failed");

    /// <summary>RefundPayment commands (compensation).</summary>
    public static readonly TopicDefinition RefundPayment =
        Transactional<Payments.RefundPayment>("payments.payment.refund");

    /// <summary>PaymentRefunded events.</summary>
    public static readonly TopicDefinition PaymentRefunded =
        Transactional<Payments.PaymentRefunded>("payments.payment.refunded");

    /// <summary>CreateShipment commands.</summary>
    public static readonly TopicDefinition CreateShipment =
        Transactional<Shipping.CreateShipment>("shipping.shipment.create");

    /// <summary>ShipmentCreated events.</summary>
    public static readonly TopicDefinition ShipmentCreated =
        Transactional<Shipping.ShipmentCreated>("shipping.shipment.created");

    /// <summary>CancelShipment commands (compensation).</summary>
    public static readonly TopicDefinition CancelShipment =
        Transactional<Shipping.CancelShipment>("shipping.shipment.cancel");

    /// <summary>ShipmentCancelled events.</summary>
    public static readonly TopicDefinition ShipmentCancelled =
        Transactional<Shipping.ShipmentCancelled>("shipping.shipment.cancelled");

    /// <summary>All topics, for provisioning.</summary>
    public static IReadOnlyList<TopicDefinition> All { get; } =
    [
        OrderPlaced, OrderDeadlinePassed, CancelOrder, RetryOrderStep, ExtendOrderDeadline, OrderCompleted,
            OrderCancelled,
        ReserveInventory, ReleaseInventory, InventoryReserved, InventoryReservationFailed, InventoryReleased,
        ChargePayment, PaymentCharging, PaymentCharged, PaymentFailed, RefundPayment, PaymentRefunded,
        CreateShipment, ShipmentCreated, CancelShipment, ShipmentCancelled,
    ];

    /// <summary>Looks a topic up by name; null when the platform has no such topic.</summary>
    public static TopicDefinition? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    // Commands and workflow events are read by the platform's own services, which are upgraded consumers first.
    private static TopicDefinition Transactional<T>(string name)
        where T : IOrderMessage =>
            new(name, Partitions, RetentionClass.Transactional, typeof(T), CompatibilityMode.BackwardTransitive);

    // Audit topics are read for a year by readers outside the platform, upgraded on their own schedule: old readers
    // must read new records and new readers old ones.
    private static TopicDefinition Audit<T>(string name)
        where T : IOrderMessage =>
            new(name, Partitions, RetentionClass.Audit, typeof(T), CompatibilityMode.FullTransitive);
}
