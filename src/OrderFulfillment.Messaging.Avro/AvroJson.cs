using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Avro;
using Avro.Generic;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// A decoded Avro record as JSON, for tools and tests that look into records without the C# contracts: field names as
/// in the schema, uuids and timestamps (ISO 8601, UTC) as strings, decimals as exact JSON numbers.
/// </summary>
public static class AvroJson
{
    /// <summary>
    /// Decodes a value in the Confluent wire format with its writer's own schema (fetched through
    /// <paramref name="schemas"/>) and returns it as JSON.
    /// </summary>
    public static JsonElement Decode(ReadOnlyMemory<byte> value, RegisteredSchemas schemas)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        var writer = schemas.WriterSchema(ConfluentWireFormat.ReadSchemaId(value.Span));
        return ToJson(ConfluentWireFormat.Decode(value, writer, writer));
    }

    /// <summary>The record as a JSON object.</summary>
    public static JsonElement ToJson(GenericRecord record) =>
        JsonSerializer.SerializeToElement(Node(record));

    private static JsonNode? Node(object? value) => value switch
    {
        null => null,
        GenericRecord record => new JsonObject(record.Schema.Fields.Select(f =>
            new KeyValuePair<string, JsonNode?>(f.Name, Node(record.GetValue(f.Pos))))),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        float number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        Guid id => JsonValue.Create(id.ToString()),
        DateTime time =>
            JsonValue.Create(DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture)),
        AvroDecimal amount => JsonNode.Parse(amount.ToString(null, CultureInfo.InvariantCulture)),
        GenericEnum symbol => JsonValue.Create(symbol.Value),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        IDictionary map => new JsonObject(map.Keys.Cast<object>().Select(k =>
            new KeyValuePair<string, JsonNode?>(Convert.ToString(k, CultureInfo.InvariantCulture)!, Node(map[k])))),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(Node).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
