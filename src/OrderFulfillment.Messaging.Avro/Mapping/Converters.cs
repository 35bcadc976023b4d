using System.Collections;
using Avro;
using Avro.Generic;

namespace OrderFulfillment.Messaging.Avro.Mapping;

/// <summary>
/// The conversions of one field's values between C# and Apache.Avro's generic form, composed once per field.
/// </summary>
internal static class Converters
{
    public static Func<object, object> ToAvro(Type type, Schema schema, string path)
    {
        if (ContractShape.ListElement(type) is { } element)
        {
            var item = Required(ToAvro(element, ((ArraySchema)schema).ItemSchema, path + "[]"), path + "[]");
            return list =>
            {
                var items = list as IReadOnlyList<object?> ?? [.. ((IEnumerable)list).Cast<object?>()];
                var array = new object?[items.Count];
                for (var i = 0; i < array.Length; i++)
                {
                    array[i] = item(items[i]);
                }

                return array;
            };
        }

        if (AvroValues.IsScalar(type))
        {
            return AvroValues.ToAvro(type, schema);
        }

        var nested = ContractRecordMapper.Create(type, (RecordSchema)schema);
        return nested.ToRecord;
    }

    public static Func<object, object> FromAvro(Type type, Schema schema, string path)
    {
        if (ContractShape.ListElement(type) is { } element)
        {
            var item = Required(FromAvro(element, ((ArraySchema)schema).ItemSchema, path + "[]"), path + "[]");
            var toArray = typeof(Converters).GetMethod(nameof(TypedArray),
                System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(element).CreateDelegate<Func<IList, Func<object?, object?>, object>>();
            return value => toArray((IList)value, item);
        }

        if (AvroValues.IsScalar(type))
        {
            return AvroValues.FromAvro(type);
        }

        var nested = ContractRecordMapper.Create(type, (RecordSchema)schema);
        return value => nested.FromRecord((GenericRecord)value);
    }

    /// <summary>Null stays null (the union's null branch); anything else converts.</summary>
    public static Func<object?, object?> Nullable(Func<object, object> convert) => value => value is null ? null
        : convert(value);

    /// <summary>A null where the schema has no null branch is an error naming the field.</summary>
    public static Func<object?, object?> Required(Func<object, object> convert, string path) =>
        value => convert(value ?? throw new ArgumentException($"{path} is null, but its schema does not allow null."));

    private static T[] TypedArray<T>(IList items, Func<object?, object?> item)
    {
        var array = new T[items.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = (T)item(items[i])!;
        }

        return array;
    }
}
