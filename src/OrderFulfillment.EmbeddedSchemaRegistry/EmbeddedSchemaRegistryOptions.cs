using OrderFulfillment.Schemas;

namespace OrderFulfillment.EmbeddedSchemaRegistry;

/// <summary>How an <see cref="EmbeddedSchemaRegistryServer"/> starts.</summary>
public sealed record EmbeddedSchemaRegistryOptions
{
    /// <summary>The port on 127.0.0.1 to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The global compatibility mode until a client changes it (<c>PUT /config</c>). <c>BACKWARD</c>, as in Confluent's
    /// registry.
    /// </summary>
    public CompatibilityMode DefaultCompatibility { get; init; } = CompatibilityMode.Backward;
}
