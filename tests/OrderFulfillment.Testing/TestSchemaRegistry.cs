using System.Text.Json;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.EmbeddedSchemaRegistry;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Testing;

/// <summary>
/// One embedded schema registry for the whole test process, started on first use on a free port and gone with the
/// process. Shared by every test: register the platform's own schemas under their subjects freely (registering a
/// registered schema changes nothing), but give anything else (an incompatible version, a mode change) a subject of
/// its own, e.g. <see cref="UniqueSubject"/>.
/// </summary>
public static class TestSchemaRegistry
{
    private static readonly Lazy<EmbeddedSchemaRegistryServer> Shared =
        new(() => EmbeddedSchemaRegistryServer.StartAsync(new EmbeddedSchemaRegistryOptions()).GetAwaiter().GetResult(),
            LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<RegisteredSchemas> Schemas =
        new(() => new RegisteredSchemas(new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = Url }),
            autoRegister: false));

    /// <summary>
    /// The shared registry's base address, for <c>schema.registry.url</c> or <c>SchemaRegistry:Url</c>.
    /// </summary>
    public static string Url => Shared.Value.Url;

    /// <summary>What a service under test needs to use the shared registry, registering its schemas at start.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ServiceSettings(string separator = ":") =>
    [
        new($"SchemaRegistry{separator}Url", Url),
        new($"SchemaRegistry{separator}AutoRegisterSchemas", "true"),
    ];

    /// <summary>Avro with the platform's contracts and the shared registry, for a <see cref="RiderHost"/>.</summary>
    public static void AddPlatformAvro(IServiceCollection services) =>
        services.AddAvroSerialization(o =>
        {
            o.SchemaRegistry.Url = Url;
            o.AutoRegisterSchemas = true;
            o.Contracts.AddPlatformContracts();
        });

    /// <summary>
    /// A record's value (Avro in the Confluent wire format) as JSON, decoded with its writer's schema.
    /// </summary>
    public static JsonElement Json(byte[] value) => AvroJson.Decode(value, Schemas.Value);

    /// <summary>A subject no other test uses: <c>{prefix}-{guid}-value</c>.</summary>
    public static string UniqueSubject(string prefix) => $"{prefix}-{Guid.NewGuid():N}-value";
}
