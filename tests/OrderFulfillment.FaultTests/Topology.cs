using OrderFulfillment.Contracts;

namespace OrderFulfillment.FaultTests;

/// <summary>A consumer group of a service on one topic: <c>{service}.{topic}</c>, as ServiceDefaults names them.</summary>
internal sealed record ConsumedTopic(string Service, string Database, TopicDefinition Topic)
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
        new("Orchestrator", "orders", Topics.OrderPlaced),
        new("Orchestrator", "orders", Topics.InventoryReserved),
        new("Orchestrator", "orders", Topics.InventoryReservationFailed),
        new("Orchestrator", "orders", Topics.PaymentCharging),
        new("Orchestrator", "orders", Topics.PaymentCharged),
        new("Orchestrator", "orders", Topics.PaymentFailed),
        new("Orchestrator", "orders", Topics.ShipmentCreated),
        new("Orchestrator", "orders", Topics.OrderDeadlinePassed),
        new("Inventory", "inventory", Topics.ReserveInventory),
        new("Inventory", "inventory", Topics.ReleaseInventory),
        new("Inventory", "inventory", Topics.OrderCompleted),
        new("Payments", "payments", Topics.ChargePayment),
        new("Payments", "payments", Topics.RefundPayment),
        new("Shipping", "shipping", Topics.CreateShipment),
    ];

    /// <summary>Every platform topic with its partition count.</summary>
    public static IEnumerable<(string Topic, int Partitions)> AllTopics => Topics.All.Select(t => (t.Name, t.Partitions));

    /// <summary>Every dead-letter topic with its partition count.</summary>
    public static IEnumerable<(string Topic, int Partitions)> DeadLetterTopics =>
        Topics.All.Select(t => (t.DeadLetterTopic, DeadLetterPartitions));

    public static IEnumerable<ConsumedTopic> Of(string service) => Consumed.Where(c => c.Service == service);
}
