using OrderFulfillment.Contracts;

namespace OrderFulfillment.FaultTests;

/// <summary>A consumer group of a service on one topic: <c>{service}.{topic}</c>, as ServiceDefaults names them.</summary>
internal sealed record ConsumedTopic(string Service, string Database, TopicDefinition Topic, Type MessageType)
{
    public string Group => $"{Service.ToLowerInvariant()}.{Topic.Name}";
}

/// <summary>Which service reads which topic (from each service's Messaging registration).</summary>
internal static class Topology
{
    /// <summary>Dead-letter topics have three partitions (the embedded Kafka host's PlatformTopics).</summary>
    public const int DeadLetterPartitions = 3;

    public static IReadOnlyList<ConsumedTopic> Consumed { get; } =
    [
        new("Orchestrator", "orders", Topics.OrderPlaced, typeof(Contracts.Orders.OrderPlaced)),
        new("Orchestrator", "orders", Topics.InventoryReserved, typeof(Contracts.Inventory.InventoryReserved)),
        new("Orchestrator", "orders", Topics.InventoryReservationFailed, typeof(Contracts.Inventory.InventoryReservationFailed)),
        new("Orchestrator", "orders", Topics.PaymentCharging, typeof(Contracts.Payments.PaymentCharging)),
        new("Orchestrator", "orders", Topics.PaymentCharged, typeof(Contracts.Payments.PaymentCharged)),
        new("Orchestrator", "orders", Topics.PaymentFailed, typeof(Contracts.Payments.PaymentFailed)),
        new("Orchestrator", "orders", Topics.ShipmentCreated, typeof(Contracts.Shipping.ShipmentCreated)),
        new("Orchestrator", "orders", Topics.ShipmentCancelled, typeof(Contracts.Shipping.ShipmentCancelled)),
        new("Orchestrator", "orders", Topics.OrderDeadlinePassed, typeof(Contracts.Orders.OrderDeadlinePassed)),
        new("Orchestrator", "orders", Topics.CancelOrder, typeof(Contracts.Orders.CancelOrder)),
        new("Orchestrator", "orders", Topics.RetryOrderStep, typeof(Contracts.Orders.RetryOrderStep)),
        new("Orchestrator", "orders", Topics.ExtendOrderDeadline, typeof(Contracts.Orders.ExtendOrderDeadline)),
        new("Inventory", "inventory", Topics.ReserveInventory, typeof(Contracts.Inventory.ReserveInventory)),
        new("Inventory", "inventory", Topics.ReleaseInventory, typeof(Contracts.Inventory.ReleaseInventory)),
        new("Inventory", "inventory", Topics.OrderCompleted, typeof(Contracts.Orders.OrderCompleted)),
        new("Payments", "payments", Topics.ChargePayment, typeof(Contracts.Payments.ChargePayment)),
        new("Payments", "payments", Topics.RefundPayment, typeof(Contracts.Payments.RefundPayment)),
        new("Shipping", "shipping", Topics.CreateShipment, typeof(Contracts.Shipping.CreateShipment)),
        new("Shipping", "shipping", Topics.CancelShipment, typeof(Contracts.Shipping.CancelShipment)),
    ];

    /// <summary>Every platform topic with its partition count.</summary>
    public static IEnumerable<(string Topic, int Partitions)> AllTopics => Topics.All.Select(t => (t.Name, t.Partitions));

    /// <summary>Every dead-letter topic with its partition count.</summary>
    public static IEnumerable<(string Topic, int Partitions)> DeadLetterTopics =>
        Topics.All.Select(t => (t.DeadLetterTopic, DeadLetterPartitions));

    public static IEnumerable<ConsumedTopic> Of(string service) => Consumed.Where(c => c.Service == service);
}
