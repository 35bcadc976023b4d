using Avro;

namespace OrderFulfillment.Schemas;

/// <summary>
/// Which primitive a reader may read a writer's primitive as: the same type, or one of Avro's promotions.
/// </summary>
internal static class Promotions
{
    private static readonly Dictionary<Schema.Type, Schema.Type[]> ReadableAs = new()
    {
        [Schema.Type.Int] = [Schema.Type.Long, Schema.Type.Float, Schema.Type.Double],
        [Schema.Type.Long] = [Schema.Type.Float, Schema.Type.Double],
        [Schema.Type.Float] = [Schema.Type.Double],
        [Schema.Type.String] = [Schema.Type.Bytes],
        [Schema.Type.Bytes] = [Schema.Type.String],
    };

    /// <summary>
    /// True when a reader of type <paramref name="reader"/> reads data written as <paramref name="writer"/>.
    /// </summary>
    public static bool CanRead(Schema.Type reader, Schema.Type writer) =>
        reader == writer || (ReadableAs.TryGetValue(writer, out var promoted) && promoted.Contains(reader));
}
