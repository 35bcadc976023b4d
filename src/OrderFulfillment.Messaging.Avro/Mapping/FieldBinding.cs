using System.Linq.Expressions;
using System.Reflection;
using Avro;

namespace OrderFulfillment.Messaging.Avro.Mapping;

/// <summary>
/// One constructor parameter bound to one field of the record schema: a compiled getter and the two conversions,
/// all built once, so mapping a message runs no reflection.
/// </summary>
internal sealed class FieldBinding
{
    private readonly Func<object, object?> _get;
    private readonly Func<object?, object?> _toAvro;
    private readonly Func<object?, object?> _fromAvro;

    private FieldBinding(string name, int position, Func<object, object?> get, Func<object?, object?> toAvro,
        Func<object?, object?> fromAvro)
    {
        Name = name;
        Position = position;
        _get = get;
        _toAvro = toAvro;
        _fromAvro = fromAvro;
    }

    /// <summary>The field's name, camelCase.</summary>
    public string Name { get; }

    /// <summary>The field's position in the record schema.</summary>
    public int Position { get; }

    public static FieldBinding Create(Type contract, ParameterInfo parameter, Field field)
    {
        var property = ContractShape.Property(contract, parameter);
        var instance = Expression.Parameter(typeof(object), "message");
        var get = Expression.Lambda<Func<object, object?>>(
            Expression.Convert(Expression.Property(Expression.Convert(instance, contract), property), typeof(object)),
            instance).Compile();
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var path = $"{contract.Name}.{field.Name}";
        var (toAvro, fromAvro) = field.Schema is UnionSchema union
            ? (Converters.Nullable(Converters.ToAvro(type, union.Schemas[1], path)),
                Converters.Nullable(Converters.FromAvro(type, union.Schemas[1], path)))
            : (Converters.Required(Converters.ToAvro(type, field.Schema, path), path),
                Converters.Required(Converters.FromAvro(type, field.Schema, path), path));
        return new FieldBinding(field.Name, field.Pos, get, toAvro, fromAvro);
    }

    /// <summary>The field's Avro value, read from the message.</summary>
    public object? Read(object message) => _toAvro(_get(message));

    /// <summary>The constructor argument, from the field's Avro value.</summary>
    public object? Convert(object? value) => _fromAvro(value);
}
