using Avro;

namespace OrderFulfillment.Schemas;

/// <summary>
/// When a reader's logical type reads a writer's. Avro's resolution looks at the underlying types only; these rules
/// also refuse the changes that keep the bytes readable but change what they mean.
/// </summary>
internal static class LogicalTypeRules
{
    // The specification's logical types. Others are annotations a reader may ignore, as the specification says.
    private static readonly HashSet<string> Known =
    [
        "decimal", "big-decimal", "uuid", "date", "time-millis", "time-micros", "timestamp-millis", "timestamp-micros",
        "timestamp-nanos", "local-timestamp-millis", "local-timestamp-micros", "local-timestamp-nanos", "duration",
    ];

    /// <summary>
    /// False when the logical types of <paramref name="reader"/> and <paramref name="writer"/> disagree.
    /// </summary>
    public static bool Agree(Schema reader, Schema writer)
    {
        var readerLogical = KnownLogicalType(reader);
        var writerLogical = KnownLogicalType(writer);
        if (readerLogical == "decimal" || writerLogical == "decimal")
        {
            // A decimal's bytes are its unscaled integer: read with another scale (or as a plain number) they are
            // another amount, silently (1.2345 at scale 4 is 123.45 at scale 2). Avro's resolution and Apache.Avro
            // allow it; we require the same precision and scale.
            return reader is LogicalSchema r && writer is LogicalSchema w && readerLogical == writerLogical
                && r.GetProperty("precision") == w.GetProperty("precision")
                    && SchemaText.Scale(r) == SchemaText.Scale(w);
        }

        // Adding or dropping an annotation such as uuid keeps the value, and the underlying types decide. Two
        // different ones on the same number (timestamp-millis and timestamp-micros, date and time-millis) read it as
        // another instant.
        return readerLogical is null || writerLogical is null || readerLogical == writerLogical;
    }

    private static string? KnownLogicalType(Schema schema) =>
        schema is LogicalSchema logical && Known.Contains(logical.LogicalTypeName) ? logical.LogicalTypeName : null;
}
