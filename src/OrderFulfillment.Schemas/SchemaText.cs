using Avro;
using Newtonsoft.Json.Linq;

namespace OrderFulfillment.Schemas;

/// <summary>How problems name a schema, and the parts of a schema Apache.Avro does not expose.</summary>
internal static class SchemaText
{
    /// <summary>
    /// A short name of the schema's type for a problem line: <c>int</c>, <c>decimal(18,4)</c>, <c>record OrderLine</c>.
    /// </summary>
    public static string Describe(Schema schema) => schema switch
    {
        LogicalSchema { LogicalTypeName: "decimal" } decimalSchema =>
            $"decimal({decimalSchema.GetProperty("precision")},{Scale(decimalSchema)})",
        LogicalSchema logical => $"{logical.LogicalTypeName} {Describe(logical.BaseSchema)}",
        RecordSchema record => "record " + record.Name,
        EnumSchema enumSchema => "enum " + enumSchema.Name,
        FixedSchema fixedSchema => $"fixed {fixedSchema.Name}({fixedSchema.Size})",
        ArraySchema array => $"array of {Describe(array.ItemSchema)}",
        MapSchema map => $"map of {Describe(map.ValueSchema)}",
        UnionSchema union => $"[{string.Join(", ", union.Schemas.Select(Describe))}]",
        _ => schema.Name,
    };

    /// <summary>A decimal's scale; the specification's default is 0.</summary>
    public static string Scale(LogicalSchema decimalSchema) => decimalSchema.GetProperty("scale") ?? "0";

    /// <summary>
    /// The unqualified aliases of a named type. Apache.Avro keeps them out of its public API, so they are read from
    /// the schema's own JSON.
    /// </summary>
    public static IEnumerable<string> Aliases(NamedSchema schema) =>
        JObject.Parse(schema.ToString())["aliases"] is JArray aliases
            ? aliases.Select(alias => Unqualified((string)alias!))
            : [];

    /// <summary>The last part of a dotted name.</summary>
    public static string Unqualified(string name) => name[(name.LastIndexOf('.') + 1)..];
}
