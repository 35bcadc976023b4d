using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Runtime.Serialization;
using Avro;
using Avro.Generic;
using OrderFulfillment.Messaging.Avro.Mapping;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// Maps an immutable C# record (positional: its primary constructor names its fields) to an Avro
/// <see cref="GenericRecord"/> of one <see cref="RecordSchema"/> and back. Each field is the constructor parameter of
/// the same name in camelCase; <c>Guid</c> is a <c>uuid</c> string, <c>DateTimeOffset</c> a UTC
/// <c>timestamp-micros</c> (the 100 ns ticks below a microsecond are dropped), <c>decimal</c> a <c>decimal</c> of the
/// schema's scale (more decimals than the scale is an error, never rounded), a nullable reference a
/// <c>["null", T]</c> union, <c>IReadOnlyList&lt;T&gt;</c> an array and a nested record a record.
/// A mapper is built once per (type, schema instance) and cached; mapping runs compiled accessors, no reflection.
/// </summary>
public sealed class ContractRecordMapper
{
    private static readonly ConcurrentDictionary<(Type Contract, SchemaReference Schema), Lazy<ContractRecordMapper>>
        Cache = new();

    private readonly Type _contract;
    private readonly RecordSchema _schema;
    private readonly FieldBinding[] _fields;
    private readonly Func<object?[], object> _construct;

    private ContractRecordMapper(Type contract, RecordSchema schema, FieldBinding[] fields,
        Func<object?[], object> construct)
    {
        _contract = contract;
        _schema = schema;
        _fields = fields;
        _construct = construct;
    }

    /// <summary>The record schema this mapper writes and reads.</summary>
    public RecordSchema Schema => _schema;

    /// <summary>The mapper of <paramref name="contract"/> to <paramref name="schema"/>, built on first use.</summary>
    /// <exception cref="InvalidOperationException">The record and the schema disagree; the message lists every
    /// disagreement.</exception>
    public static ContractRecordMapper Create(Type contract, RecordSchema schema)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(schema);
        var lazy = Cache.GetOrAdd((contract, new SchemaReference(schema)),
            key => new Lazy<ContractRecordMapper>(() => Build(key.Contract, (RecordSchema)key.Schema.Schema)));
        try
        {
            return lazy.Value;
        }
        catch (InvalidOperationException)
        {
            // A pair that disagrees is not cached, so a corrected schema instance is not shadowed and the error
            // repeats.
            Cache.TryRemove(new((contract, new SchemaReference(schema)), lazy));
            throw;
        }
    }

    /// <summary>
    /// Every way <paramref name="contract"/> and <paramref name="schema"/> disagree, one line each naming the field:
    /// a constructor parameter without a field of its camelCase name or a field without a parameter, a type that does
    /// not map, a nullable reference that is not a <c>["null", T]</c> union with default null (or the reverse), and a
    /// C# optional parameter's default that differs from the field's default. Empty when they agree.
    /// <c>Type</c> and <c>Version</c> of a message are not constructor parameters, so they are not fields.
    /// </summary>
    public static IReadOnlyList<string> Disagreements(Type contract, RecordSchema schema)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(schema);
        return ContractSchemaAgreement.Disagreements(contract, schema);
    }

    /// <summary>The record of <paramref name="message"/>, ready for a generic datum writer.</summary>
    /// <exception cref="ArgumentException">
    /// The message is not of the mapped type, or a value does not fit its field (a null where null is not allowed, a
    /// decimal with more decimals or digits than the schema allows).
    /// </exception>
    public GenericRecord ToRecord(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.GetType() != _contract)
        {
            throw new ArgumentException($"This mapper maps {_contract.Name}, not {message.GetType().Name}.",
                nameof(message));
        }

        var record = new GenericRecord(_schema);
        foreach (var field in _fields)
        {
            record.Add(field.Position, field.Read(message));
        }

        return record;
    }

    /// <summary>
    /// The C# record of <paramref name="record"/>, which a datum reader read with this mapper's schema.
    /// </summary>
    /// <exception cref="SerializationException">
    /// A value does not convert (a decimal too large for C#, a missing field) or the constructor refuses it.
    /// </exception>
    public object FromRecord(GenericRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sameSchema = ReferenceEquals(record.Schema, _schema);
        var arguments = new object?[_fields.Length];
        for (var i = 0; i < _fields.Length; i++)
        {
            var field = _fields[i];
            try
            {
                arguments[i] = field.Convert(sameSchema ? record.GetValue(field.Position) : ByName(record, field.Name));
            }
            catch (Exception ex) when (ex is not SerializationException)
            {
                throw new SerializationException($"{_contract.Name}.{field.Name} cannot be read: {ex.Message}", ex);
            }
        }

        try
        {
            return _construct(arguments);
        }
        catch (Exception ex)
        {
            // A record whose constructor validates refuses a value the schema allowed: as unreadable as garbage.
            throw new SerializationException($"{_contract.Name} cannot be constructed from the record: {ex.Message}",
                ex);
        }
    }

    private static object? ByName(GenericRecord record, string name) =>
        record.TryGetValue(name, out var value) ? value
        : throw new SerializationException($"The record has no field {name}.");

    private static ContractRecordMapper Build(Type contract, RecordSchema schema)
    {
        var disagreements = ContractSchemaAgreement.Disagreements(contract, schema);
        if (disagreements.Count > 0)
        {
            throw new InvalidOperationException(
                $"{contract.Name} and the schema {schema.Fullname} disagree:{Environment.NewLine}  " +
                $"{string.Join(Environment.NewLine + "  ", disagreements)}");
        }

        var constructor = ContractShape.PrimaryConstructor(contract);
        var parameters = constructor.GetParameters();
        var fields =
            parameters.Select(p => FieldBinding.Create(contract, p, schema[ContractShape.FieldName(p)])).ToArray();
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var construct = Expression.Lambda<Func<object?[], object>>(
            Expression.Convert(
                Expression.New(constructor, parameters.Select((p, i) =>
                    Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType))),
                typeof(object)),
            arguments).Compile();
        return new ContractRecordMapper(contract, schema, fields, construct);
    }
}
