using Avro;

namespace OrderFulfillment.Schemas;

/// <summary>Parses schema text, turning both ways Apache.Avro refuses it into one message.</summary>
internal static class SchemaParsing
{
    /// <summary>The parsed schema, or null with <paramref name="error"/> saying why the text is not a schema.</summary>
    public static Schema? TryParse(string text, out string error, out Exception? exception)
    {
        try
        {
            error = "";
            exception = null;
            return Schema.Parse(text);
        }
        catch (AvroException ex)
        {
            // Apache.Avro's parser refuses duplicate field names (or a field alias equal to another field's name),
            // duplicate enum symbols, an enum default outside the symbols and undefined names.
            (error, exception) = ($"the schema does not parse: {ex.Message}", ex);
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            // Text that is not JSON at all fails in the JSON reader, before Avro sees it.
            (error, exception) = ($"the schema is not JSON: {ex.Message}", ex);
        }

        return null;
    }
}
