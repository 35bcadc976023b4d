using Confluent.SchemaRegistry;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// Where the schema registry is, whether the service may register schemas, and which contracts it has.
/// </summary>
public sealed class AvroSerializationOptions
{
    /// <summary>Confluent's registry client settings: <c>Url</c>, credentials, timeouts.</summary>
    public SchemaRegistryConfig SchemaRegistry { get; } = new() { RequestTimeoutMs = 10_000 };

    /// <summary>
    /// Register every version of every contract at start (Confluent's <c>auto.register.schemas</c>). Off by default:
    /// in production the schemas are registered by the release, after the compatibility gate, and a service whose
    /// schema is missing or incompatible refuses to start. On for the embedded registry.
    /// </summary>
    public bool AutoRegisterSchemas { get; set; }

    /// <summary>The message types and their schemas.</summary>
    public AvroContracts Contracts { get; } = new();
}
