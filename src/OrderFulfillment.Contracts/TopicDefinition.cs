using OrderFulfillment.Schemas;

namespace OrderFulfillment.Contracts;

/// <summary>
/// A platform topic: its name (<c>{service}.{aggregate}.{event}</c>), partition count, retention, the one message
/// type its records carry, and the compatibility mode its value schema evolves under.
/// </summary>
/// <param name="Name">The topic name.</param>
/// <param name="Partitions">Partitions; records are keyed by order id, so this bounds per-topic parallelism.</param>
/// <param name="Retention">Retention class on real Kafka.</param>
/// <param name="MessageType">The contract of every record's value; its schemas are under
/// <c>Schemas/{name}/</c>.</param>
/// <param name="Compatibility">The schema registry's compatibility mode for <see cref="ValueSubject"/>.</param>
public sealed record TopicDefinition(string Name, int Partitions, RetentionClass Retention, Type MessageType,
    CompatibilityMode Compatibility)
{
    /// <summary>Retention period that <see cref="Retention"/> stands for.</summary>
    public TimeSpan RetentionPeriod => Retention switch
    {
        RetentionClass.Audit => TimeSpan.FromDays(365),
        _ => TimeSpan.FromDays(7),
    };

    /// <summary>The dead-letter topic for records of this topic that cannot be handled.</summary>
    public string DeadLetterTopic => Name + ".dlq";

    /// <summary>The schema registry subject of the values (Confluent's topic name strategy).</summary>
    public string ValueSubject => Name + "-value";
}
