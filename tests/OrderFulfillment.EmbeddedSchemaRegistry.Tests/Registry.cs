using Confluent.SchemaRegistry;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

/// <summary>Confluent's client on the process-wide test registry; each test works under subjects of its own.</summary>
internal static class Registry
{
    public static CachedSchemaRegistryClient Client(string? url = null) =>
        new(new SchemaRegistryConfig { Url = url ?? TestSchemaRegistry.Url });

    public static Schema AvroSchema(string text) => new(text, SchemaType.Avro);
}
