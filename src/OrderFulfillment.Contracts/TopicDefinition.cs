namespace OrderFulfillment.Contracts;

/// <summary>A platform topic: its name (<c>{service}.{aggregate}.{event}</c>), partition count and retention.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Partitions">Partitions; records are keyed by order id, so this bounds per-topic parallelism.</param>
/// <param name="Retention">Retention class on real Kafka.</param>
public sealed record TopicDefinition(string Name, int Partitions, RetentionClass Retention)
{
    /// <summary>Retention period that <see cref="Retention"/> stands for.</summary>
    public TimeSpan RetentionPeriod => Retention switch
    {
        RetentionClass.Audit => TimeSpan.FromDays(365),
        _ => TimeSpan.FromDays(7),
    };

    /// <summary>The dead-letter topic for records of this topic that cannot be handled.</summary>
    public string DeadLetterTopic => Name + ".dlq";
}
