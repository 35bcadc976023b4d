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
    public static readonly TopicDefinition OrderPlaced = Transactional("orders.order.placed");

    /// <summary>OrderDeadlinePassed, from the orchestrator's deadline sweeper to its own saga.</summary>
    public static readonly TopicDefinition OrderDeadlinePassed = Transactional("orders.order.deadline-passed");

    /// <summary>OrderCompleted: the audit trail of fulfilled orders.</summary>
    public static readonly TopicDefinition OrderCompleted = Audit("orders.order.completed");

    /// <summary>OrderCancelled (with its reason): the audit trail of cancelled orders.</summary>
    public static readonly TopicDefinition OrderCancelled = Audit("orders.order.cancelled");

    /// <summary>ReserveInventory commands.</summary>
    public static readonly TopicDefinition ReserveInventory = Transactional("inventory.stock.reserve");

    /// <summary>ReleaseInventory commands (compensation).</summary>
    public static readonly TopicDefinition ReleaseInventory = Transactional("inventory.stock.release");

    /// <summary>InventoryReserved events.</summary>
    public static readonly TopicDefinition InventoryReserved = Transactional("inventory.stock.reserved");

    /// <summary>InventoryReservationFailed events.</summary>
    public static readonly TopicDefinition InventoryReservationFailed = Transactional("inventory.stock.reservation-failed");

    /// <summary>InventoryReleased events.</summary>
    public static readonly TopicDefinition InventoryReleased = Transactional("inventory.stock.released");

    /// <summary>ChargePayment commands.</summary>
    public static readonly TopicDefinition ChargePayment = Transactional("payments.payment.charge");

    /// <summary>PaymentCharging events: the payment service has accepted the charge.</summary>
    public static readonly TopicDefinition PaymentCharging = Transactional("payments.payment.charging");

    /// <summary>PaymentCharged events.</summary>
    public static readonly TopicDefinition PaymentCharged = Transactional("payments.payment.charged");

    /// <summary>PaymentFailed events.</summary>
    public static readonly TopicDefinition PaymentFailed = Transactional("payments.payment.failed");

    /// <summary>RefundPayment commands (compensation).</summary>
    public static readonly TopicDefinition RefundPayment = Transactional("payments.payment.refund");

    /// <summary>PaymentRefunded events.</summary>
    public static readonly TopicDefinition PaymentRefunded = Transactional("payments.payment.refunded");

    /// <summary>CreateShipment commands.</summary>
    public static readonly TopicDefinition CreateShipment = Transactional("shipping.shipment.create");

    /// <summary>ShipmentCreated events.</summary>
    public static readonly TopicDefinition ShipmentCreated = Transactional("shipping.shipment.created");

    /// <summary>CancelShipment commands (compensation).</summary>
    public static readonly TopicDefinition CancelShipment = Transactional("shipping.shipment.cancel");

    /// <summary>ShipmentCancelled events.</summary>
    public static readonly TopicDefinition ShipmentCancelled = Transactional("shipping.shipment.cancelled");

    /// <summary>All topics, for provisioning.</summary>
    public static IReadOnlyList<TopicDefinition> All { get; } =
    [
        OrderPlaced, OrderDeadlinePassed, OrderCompleted, OrderCancelled,
        ReserveInventory, ReleaseInventory, InventoryReserved, InventoryReservationFailed, InventoryReleased,
        ChargePayment, PaymentCharging, PaymentCharged, PaymentFailed, RefundPayment, PaymentRefunded,
        CreateShipment, ShipmentCreated, CancelShipment, ShipmentCancelled,
    ];

    private static TopicDefinition Transactional(string name) => new(name, Partitions, RetentionClass.Transactional);

    private static TopicDefinition Audit(string name) => new(name, Partitions, RetentionClass.Audit);
}
