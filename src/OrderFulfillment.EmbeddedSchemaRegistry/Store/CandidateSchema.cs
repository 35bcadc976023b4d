using Avro;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Store;

/// <summary>
/// A schema as a client sent it, parsed. Two texts are the same schema when their parsed forms print the same: the
/// print keeps names, docs, defaults and logical types but not layout, so re-indenting a schema does not make a new
/// version, while changing a doc does (as in Confluent's registry, which compares its own canonical print).
/// </summary>
internal sealed record CandidateSchema(Schema Schema, string Text, string Identity)
{
    public static CandidateSchema Parse(string? text, string? schemaType, int referenceCount)
    {
        if (schemaType is not null && !string.Equals(schemaType, "AVRO", StringComparison.OrdinalIgnoreCase))
        {
            throw RegistryException.InvalidSchema(
                $"schema type '{schemaType}' is not supported: this registry serves AVRO only.");
        }

        if (referenceCount > 0)
        {
            throw RegistryException.InvalidSchema("schema references are not supported: send a self-contained schema.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw RegistryException.InvalidSchema("the request has no schema.");
        }

        Schema? schema;
        try
        {
            schema = Schema.Parse(text);
        }
        catch (Exception ex) when (ex is AvroException or Newtonsoft.Json.JsonException)
        {
            throw RegistryException.InvalidSchema("the schema does not parse: " + ex.Message);
        }

        // Apache.Avro returns null, rather than throwing, for a type it does not know ({"type": "recrod", ...}).
        if (schema is null)
        {
            throw RegistryException.InvalidSchema(
                "the schema does not parse: its type is neither a primitive, a complex type nor a defined name.");
        }

        // A default that is not a value of its field's type parses, but fails the first reader that needs it.
        var problems = SchemaRules.Problems(schema);
        return problems.Count > 0
            ? throw RegistryException.InvalidSchema(string.Join("; ", problems))
            : new CandidateSchema(schema, text, schema.ToString());
    }
}
