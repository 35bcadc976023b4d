using Avro;
using Avro.Generic;
using Confluent.SchemaRegistry;
using OrderFulfillment.Contracts;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Schemas;
using RegistrySchema = Confluent.SchemaRegistry.Schema;

namespace OrderFulfillment.FaultTests;

/// <summary>
/// Record values as the platform writes them, Avro in the Confluent wire format, seen from outside the services: read
/// with the writer's schema from the platform's registry, and written with the id the registry gave a schema.
/// </summary>
internal sealed class AvroRecords(string registryUrl)
{
    private static readonly IReadOnlyList<VersionedSchema> Released =
        SchemaFolder.LoadEmbedded(typeof(Topics).Assembly);

    /// <summary>
    /// Looks ids up only: the services register the schemas (AutoRegisterSchemas in the suite's settings).
    /// </summary>
    public RegisteredSchemas Schemas { get; } =
        new(new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registryUrl, RequestTimeoutMs = 10_000 }),
            autoRegister: false);

    /// <summary>The schema id in a value's header and the record it holds, read with its writer's schema.</summary>
    public (int SchemaId, GenericRecord Record) Decode(byte[] value)
    {
        var id = ConfluentWireFormat.ReadSchemaId(value);
        var writer = Schemas.WriterSchema(id);
        return (id, ConfluentWireFormat.Decode(value, writer, writer));
    }

    /// <summary>The latest released schema of a topic's contract and the id the registry holds it under.</summary>
    public async Task<(int SchemaId, RecordSchema Schema)> LatestAsync(TopicDefinition topic)
    {
        var latest = Released.Where(s => s.Contract == topic.MessageType.Name).MaxBy(s => s.Version)
            ?? throw new InvalidOperationException(
                $"No schema of {topic.MessageType.Name} is embedded in the contracts.");
        var id =
            await Schemas.Client.GetSchemaIdAsync(topic.ValueSubject, new RegistrySchema(latest.Text, SchemaType.Avro));
        return (id, (RecordSchema)latest.Schema);
    }

    /// <summary>
    /// A complete record of <paramref name="schema"/>: every field holds a plausible value (optional ones null).
    /// </summary>
    public static GenericRecord Complete(RecordSchema schema, Random random)
    {
        var record = new GenericRecord(schema);
        foreach (var field in schema.Fields)
        {
            record.Add(field.Pos, Value(field.Schema, random));
        }

        return record;
    }

    private static object? Value(global::Avro.Schema schema, Random random) => schema switch
    {
        LogicalSchema { LogicalTypeName: "uuid" } => NewGuid(random),
        LogicalSchema { LogicalTypeName: "timestamp-micros" or "timestamp-millis" } =>
            new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc),
        LogicalSchema { LogicalTypeName: "decimal" } => new AvroDecimal(1.0000m),
        UnionSchema union when union.Schemas.Any(s => s.Tag == global::Avro.Schema.Type.Null) => null,
        UnionSchema union => Value(union.Schemas[0], random),
        ArraySchema array => new object?[] { Value(array.ItemSchema, random) },
        RecordSchema nested => Complete(nested, random),
        _ => schema.Tag switch
        {
            global::Avro.Schema.Type.String => "fault-" + random.Next(1000),
            global::Avro.Schema.Type.Int => 1,
            global::Avro.Schema.Type.Long => 1L,
            global::Avro.Schema.Type.Boolean => false,
            global::Avro.Schema.Type.Double => 1.0,
            global::Avro.Schema.Type.Float => 1.0f,
            _ => throw new NotSupportedException($"The suite cannot make up a value of Avro type {schema.Tag}."),
        },
    };

    // Seeded, so a scenario produces the same records on every run.
    public static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
