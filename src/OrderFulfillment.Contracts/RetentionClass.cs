namespace OrderFulfillment.Contracts;

/// <summary>How long a topic keeps its records on real Kafka; also the inbox's duplicate-detection window.</summary>
public enum RetentionClass
{
    /// <summary>Commands and events of the running workflow: 7 days.</summary>
    Transactional,

    /// <summary>Outcomes kept for audit: 365 days.</summary>
    Audit,
}
