using Avro;
using Newtonsoft.Json.Linq;

namespace OrderFulfillment.Schemas;

/// <summary>Whether a JSON default is a value of a schema, per the specification's table of default values.</summary>
internal static class DefaultValues
{
    /// <summary>
    /// The schema a field's default must fit: a union's FIRST branch. Avro 1.12 also accepts a value of a later
    /// branch, but earlier readers (and Apache.Avro's) take the default as the first branch, so we keep the rule
    /// every reader agrees on.
    /// </summary>
    public static string DefaultType(Schema schema) =>
        schema is UnionSchema union ? $"{SchemaText.Describe(union.Schemas[0])} (the first branch of the union)"
        : SchemaText.Describe(schema);

    /// <summary>True when <paramref name="value"/> is a default value of <paramref name="schema"/>.</summary>
    // Every step into a record, array or map descends into the JSON value too, so a recursive schema ends with it.
    public static bool Fits(JToken value, Schema schema) => schema switch
    {
        UnionSchema union => Fits(value, union.Schemas[0]),
        LogicalSchema logical => Fits(value, logical.BaseSchema),
        RecordSchema record => value is JObject fields && FitsRecord(fields, record),
        EnumSchema enumSchema => value.Type == JTokenType.String && enumSchema.Contains((string)value!),
        FixedSchema fixedSchema => IsByteString(value) && ((string)value!).Length == fixedSchema.Size,
        ArraySchema array => value is JArray items && items.All(item => Fits(item, array.ItemSchema)),
        MapSchema map => value is JObject entries && entries.Properties().All(p => Fits(p.Value, map.ValueSchema)),
        _ => FitsPrimitive(value, schema.Tag),
    };

    private static bool FitsRecord(JObject value, RecordSchema record) =>
        record.Fields.All(field => value.TryGetValue(field.Name, out var fieldValue)
            ? Fits(fieldValue, field.Schema)
            : field.DefaultValue is not null);

    private static bool FitsPrimitive(JToken value, Schema.Type type) => type switch
    {
        Schema.Type.Null => value.Type == JTokenType.Null,
        Schema.Type.Boolean => value.Type == JTokenType.Boolean,
        Schema.Type.Int => Integer(value) is >= int.MinValue and <= int.MaxValue,
        Schema.Type.Long => Integer(value) is not null,
        Schema.Type.Float or Schema.Type.Double => value.Type is JTokenType.Integer or JTokenType.Float,
        Schema.Type.String => value.Type == JTokenType.String,
        Schema.Type.Bytes => IsByteString(value),
        _ => false,
    };

    // Newtonsoft keeps an integer beyond the range of long as a BigInteger, which no Avro integer holds.
    private static long? Integer(JToken value) => value is JValue { Value: long number } ? number : null;

    // Bytes and fixed defaults are strings whose code points 0-255 stand for the bytes.
    private static bool IsByteString(JToken value) => value.Type == JTokenType.String
        && ((string)value!).All(c => c <= '\u00FF');
}
