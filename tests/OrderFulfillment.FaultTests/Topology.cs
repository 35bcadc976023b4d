using OrderFulfillment.Contracts;

namespace OrderFulfillment.FaultTests;

/// <summary>
/// A consumer group of a service on one topic: <c>{service}.{topic}</c>, as ServiceDefaults names them.
/// </summary>
internal sealed record ConsumedTopic(ServiceDefinition Consumer, TopicDefinition Topic)
{
    /// <summary>The consuming service's name.</summary>
    public string Service => Consumer.Name;

    /// <summary>The consuming service's database, where its inbox and its offsets' effects are.</summary>
    public string Database => Consumer.Database;

    /// <summary>The message type of the topic's records.</summary>
    public Type MessageType => Topic.MessageType;

    public string Group => $"{Consumer.Key}.{Topic.Name}";
}

/// <summary>Which service reads which topic (from each service's Messaging registration).</summary>
internal static class Topology
{
    /// <summary>Dead-letter topics have three partitions (the embedded Kafka host's PlatformTopics).</summary>
    public const int DeadLetterPartitions = 3;

    public static IReadOnlyList<ConsumedTopic> Consumed { get; } =
    [
        new(ServiceCatalogue.Orchestrator, Topics.OrderPlaced),
        new(ServiceCatalogue.Orchestrator, Topics.InventoryReserved),
        new(ServiceCatalogue.Orchestrator, Topics.InventoryReservationFailed),
        new(ServiceCatalogue.Orchestrator, Topics.PaymentCharging),
        new(ServiceCatalogue.Orchestrator, Topics.PaymentCharged),
        new(ServiceCatalogue.Orchestrator, Topics.PaymentFailed),
        new(ServiceCatalogue.Orchestrator, Topics.ShipmentCreated),
        new(ServiceCatalogue.Orchestrator, Topics.ShipmentCancelled),
        new(ServiceCatalogue.Orchestrator, Topics.OrderDeadlinePassed),
        new(ServiceCatalogue.Orchestrator, Topics.CancelOrder),
        new(ServiceCatalogue.Orchestrator, Topics.RetryOrderStep),
        new(ServiceCatalogue.Orchestrator, Topics.ExtendOrderDeadline),
        new(ServiceCatalogue.Inventory, Topics.ReserveInventory),
        new(ServiceCatalogue.Inventory, Topics.ReleaseInventory),
        new(ServiceCatalogue.Inventory, Topics.OrderCompleted),
        new(ServiceCatalogue.Payments, Topics.ChargePayment),
        new(ServiceCatalogue.Payments, Topics.RefundPayment),
        new(ServiceCatalogue.Shipping, Topics.CreateShipment),
        new(ServiceCatalogue.Shipping, Topics.CancelShipment),
    ];

    /// <summary>Every platform topic with its partition count.</summary>
    public static IEnumerable<(string Topic, int Partitions)> AllTopics =>
        Topics.All.Select(t => (t.Name, t.Partitions));

    /// <summary>Every dead-letter topic with its partition count.</summary>
    public static IEnumerable<(string Topic, int Partitions)> DeadLetterTopics =>
        Topics.All.Select(t => (t.DeadLetterTopic, DeadLetterPartitions));

    public static IEnumerable<ConsumedTopic> Of(string service) => Consumed.Where(c => c.Service == service);
}
