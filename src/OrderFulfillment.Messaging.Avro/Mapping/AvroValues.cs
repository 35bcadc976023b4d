using System.Globalization;
using System.Numerics;
using Avro;

namespace OrderFulfillment.Messaging.Avro.Mapping;

/// <summary>
/// The scalar C# types a contract may use, the Avro type each needs, and the values Apache.Avro's generic writer and
/// reader expect for them: a <see cref="Guid"/> for <c>uuid</c>, a UTC <see cref="DateTime"/> for
/// <c>timestamp-micros</c> and an <see cref="AvroDecimal"/> of exactly the schema's scale for <c>decimal</c>.
/// </summary>
internal static class AvroValues
{
    private static readonly Dictionary<Type, string> Expected = new()
    {
        [typeof(Guid)] = "{\"type\":\"string\",\"logicalType\":\"uuid\"}",
        [typeof(DateTimeOffset)] = "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}",
        [typeof(decimal)] = "{\"type\":\"bytes\",\"logicalType\":\"decimal\",...}",
        [typeof(int)] = "\"int\"",
        [typeof(long)] = "\"long\"",
        [typeof(bool)] = "\"boolean\"",
        [typeof(string)] = "\"string\"",
    };

    private static readonly decimal[] PowersOfTen = [.. Enumerable.Range(0, 29).Select(n => Pow10(n))];

    public static bool IsScalar(Type type) => Expected.ContainsKey(type);

    public static string ExpectedSchema(Type type) => Expected[type];

    public static bool Matches(Type type, Schema schema) => type switch
    {
        _ when type == typeof(Guid) =>
            schema is LogicalSchema { LogicalTypeName: "uuid", BaseSchema.Tag: Schema.Type.String },
        _ when type == typeof(DateTimeOffset) => schema is LogicalSchema { LogicalTypeName: "timestamp-micros" },
        _ when type == typeof(decimal) => schema is LogicalSchema { LogicalTypeName: "decimal",
            BaseSchema.Tag: Schema.Type.Bytes } && Scale(schema) <= 28,
        _ when type == typeof(int) => schema is PrimitiveSchema { Tag: Schema.Type.Int },
        _ when type == typeof(long) => schema is PrimitiveSchema { Tag: Schema.Type.Long },
        _ when type == typeof(bool) => schema is PrimitiveSchema { Tag: Schema.Type.Boolean },
        _ when type == typeof(string) => schema is PrimitiveSchema { Tag: Schema.Type.String },
        _ => false,
    };

    /// <summary>Converts a C# value to what the generic writer takes for <paramref name="schema"/>.</summary>
    public static Func<object, object> ToAvro(Type type, Schema schema)
    {
        if (type == typeof(DateTimeOffset))
        {
            return static value => ToTimestamp((DateTimeOffset)value);
        }

        if (type == typeof(decimal))
        {
            var (scale, precision) = (Scale(schema), Precision(schema));
            return value => ToDecimal((decimal)value, scale, precision);
        }

        return static value => value;
    }

    /// <summary>Converts what the generic reader returns for <paramref name="type"/> back to the C# value.</summary>
    public static Func<object, object> FromAvro(Type type) => type switch
    {
        _ when type == typeof(Guid) => static value => value is string text
            ? Guid.Parse(text, CultureInfo.InvariantCulture) : (Guid)value,
        _ when type == typeof(DateTimeOffset) => static value =>
            new DateTimeOffset(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc)),
        _ when type == typeof(decimal) => static value => FromDecimal((AvroDecimal)value),
        _ => static value => value,
    };

    // Avro keeps microseconds; the 100 ns ticks below them are dropped here, explicitly, rather than by the writer.
    private static DateTime ToTimestamp(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
    }

    private static AvroDecimal ToDecimal(decimal value, int scale, int precision)
    {
        // A value with more decimals than the schema's scale is refused: money is never rounded silently.
        if (decimal.Round(value, scale) != value)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{value} has more than the {scale} decimal places the schema's decimal allows; round it where the " +
                $"amount is decided."));
        }

        var integerDigits = precision - scale;
        if (integerDigits < PowersOfTen.Length && decimal.Abs(value) >= PowersOfTen[Math.Max(integerDigits, 0)])
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{value} has more than the {precision} digits ({scale} after the point) the schema's decimal " +
                $"allows."));
        }

        // Exact: the value has at most `scale` decimals and, by the check above, fits the decimal type once scaled.
        var unscaled = decimal.Truncate(value * PowersOfTen[scale]);
        return new AvroDecimal(unscaled <= long.MaxValue
            && unscaled >= long.MinValue ? new BigInteger((long)unscaled) : new BigInteger(unscaled), scale);
    }

    private static decimal FromDecimal(AvroDecimal value)
    {
        if (value.Scale is < 0 or > 28)
        {
            throw new OverflowException($"A decimal scale of {value.Scale} does not fit a C# decimal.");
        }

        // Rebuilt from the unscaled integer so the value keeps the schema's scale exactly (9.99 reads as 9.9900).
        Span<int> bits = stackalloc int[4];
        decimal.GetBits((decimal)BigInteger.Abs(value.UnscaledValue), bits);
        return new decimal(bits[0], bits[1], bits[2], value.UnscaledValue.Sign < 0, (byte)value.Scale);
    }

    private static int Scale(Schema schema) =>
        int.Parse(((LogicalSchema)schema).GetProperty("scale") ?? "0", CultureInfo.InvariantCulture);

    private static int Precision(Schema schema) =>
        int.Parse(((LogicalSchema)schema).GetProperty("precision") ?? "0", CultureInfo.InvariantCulture);

    private static decimal Pow10(int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++)
        {
            result *= 10;
        }

        return result;
    }
}
