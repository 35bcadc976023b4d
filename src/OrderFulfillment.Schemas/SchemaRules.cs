using Avro;

namespace OrderFulfillment.Schemas;

/// <summary>
/// What makes a schema invalid whatever came before it. The embedded registry refuses such a schema (HTTP 422) and
/// the CI gate fails on it.
/// </summary>
public static class SchemaRules
{
    /// <summary>
    /// Why <paramref name="schemaText"/> is not a valid schema, one line each; empty when it is. Apache.Avro's parser
    /// already refuses duplicate field names (or a field alias equal to another field's name), duplicate enum symbols
    /// and an enum default outside the symbols; its message is then the one problem. A schema that parses is checked
    /// by <see cref="Problems(Schema)"/>.
    /// </summary>
    public static IReadOnlyList<string> Problems(string schemaText)
    {
        ArgumentNullException.ThrowIfNull(schemaText);
        var schema = SchemaParsing.TryParse(schemaText, out var error, out _);
        if (schema is null)
        {
            return [error];
        }

        return Problems(schema);
    }

    /// <summary>
    /// Why the parsed <paramref name="schema"/> is invalid, one line each naming the field path; empty when it is
    /// valid. Apache.Avro parses a field default of the wrong type, which would then fail (or mislead) the first
    /// reader that needs it.
    /// </summary>
    public static IReadOnlyList<string> Problems(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var problems = new List<string>();
        var visited = new HashSet<Schema>(ReferenceEqualityComparer.Instance);
        CheckDefaults(schema, (schema as NamedSchema)?.Name ?? "value", visited, problems);
        return problems;
    }

    private static void CheckDefaults(Schema schema, string path, HashSet<Schema> visited, List<string> problems)
    {
        switch (schema)
        {
            case RecordSchema record when visited.Add(record):
                foreach (var field in record.Fields)
                {
                    var fieldPath = path + "." + field.Name;
                    if (field.DefaultValue is not null && !DefaultValues.Fits(field.DefaultValue, field.Schema))
                    {
                        problems.Add(
                            $"{fieldPath}: the default " +
                            $"{field.DefaultValue.ToString(Newtonsoft.Json.Formatting.None)} is not a value of " +
                            $"{DefaultValues.DefaultType(field.Schema)}");
                    }

                    CheckDefaults(field.Schema, fieldPath, visited, problems);
                }

                break;
            case ArraySchema array:
                CheckDefaults(array.ItemSchema, path + "[]", visited, problems);
                break;
            case MapSchema map:
                CheckDefaults(map.ValueSchema, path + "{}", visited, problems);
                break;
            case UnionSchema union:
                foreach (var branch in union.Schemas)
                {
                    CheckDefaults(branch, path, visited, problems);
                }

                break;
        }
    }
}
