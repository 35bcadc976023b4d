namespace OrderFulfillment.Contracts;

/// <summary>
/// What every platform message carries: its own id (consumers deduplicate by it), its contract name and version,
/// when it happened, the order it is about (the aggregate id and the Kafka record key) and the order's tenant.
/// An interface rather than a base class, so each contract stays a flat, self-describing record.
/// </summary>
public interface IOrderMessage
{
    /// <summary>Unique id of this message.</summary>
    Guid EventId { get; }

    /// <summary>The contract's name, e.g. <c>OrderPlaced</c>.</summary>
    string Type { get; }

    /// <summary>Schema version of the contract.</summary>
    int Version { get; }

    /// <summary>When it happened.</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>The order: aggregate id, correlation id and record key.</summary>
    Guid OrderId { get; }

    /// <summary>The tenant the order belongs to.</summary>
    string TenantId { get; }
}
