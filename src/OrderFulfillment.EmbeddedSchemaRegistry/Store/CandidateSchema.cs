using Avro;

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
            throw RegistryException.InvalidSchema($"schema type '{schemaType}' is not supported: this registry serves AVRO only.");
        }

        if (referenceCount > 0)
        {
            throw RegistryException.InvalidSchema("schema references are not supported: send a self-contained schema.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw RegistryException.InvalidSchema("the request has no schema.");
        }

        Schema schema;
        string identity;
        try
        {
            schema = Schema.Parse(text);
            identity = schema.ToString();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Apache.Avro fails on some malformed schemas (an unknown type name) with exceptions of its own bugs, a
            // NullReferenceException among them: whatever it throws, the schema is not one it can use.
            throw RegistryException.InvalidSchema(ex is AvroException or Newtonsoft.Json.JsonException
                ? ex.Message
                : $"the schema does not parse ({ex.GetType().Name}: {ex.Message})");
        }

        return new CandidateSchema(schema, text, identity);
    }
}
