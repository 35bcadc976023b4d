using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.ServiceDefaults.Validation;

/// <summary>
/// Checks a consumed message before anything is done with it. The rules come from the contract's own declaration,
/// computed once per type, so a new contract is covered without being listed anywhere:
/// <list type="bullet">
/// <item>a property whose type is a non-nullable reference must be present; a string must not be empty or blank, a
/// collection must hold at least one element, and nested records are checked the same way;</item>
/// <item>a <see cref="Guid"/> must not be empty (every id on the wire names something), a <see cref="DateTimeOffset"/>
/// or <see cref="DateTime"/> must be set;</item>
/// <item>a <see cref="decimal"/> must not be negative (on this platform every decimal on the wire is an amount of
/// money);</item>
/// <item>a <see cref="RangeAttribute"/> on a property (for example <c>OrderLine.Quantity</c>, at least 1) must
/// hold.</item>
/// </list>
/// Only data properties (with a setter or <c>init</c>) are checked; computed ones such as <c>Type</c> and
/// <c>Version</c> are not data the producer sent. Fields are named by their JSON path, e.g. <c>lines[0].quantity</c>.
/// </summary>
public static class MessageValidator
{
    private static readonly ConcurrentDictionary<Type, PropertyRule[]> Rules = new();
    private static readonly ConcurrentDictionary<Type, Func<object, string, InvalidMessageException?>> Shapes = new();

    /// <summary>
    /// Throws <see cref="InvalidMessageException"/> naming the first field of <paramref name="message"/> that breaks a
    /// rule.
    /// </summary>
    public static void Validate(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Check(message, string.Empty) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// The first rule <paramref name="message"/> breaks, as the exception to throw; null when it is valid.
    /// </summary>
    public static InvalidMessageException? Check(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Check(message, string.Empty);
    }

    private static InvalidMessageException? Check(object value, string prefix)
    {
        foreach (var rule in Rules.GetOrAdd(value.GetType(), Build))
        {
            if (rule.Check(rule.Property.GetValue(value), prefix + rule.Name) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private static PropertyRule[] Build(Type type)
    {
        // NullabilityInfoContext is not thread-safe: one per build, and builds are rare.
        var nullability = new NullabilityInfoContext();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .Select(p => new PropertyRule(p, JsonName(p), ValueRule(p, nullability)))
            .ToArray();
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static Func<object?, string, InvalidMessageException?> ValueRule(PropertyInfo property,
        NullabilityInfoContext nullability)
    {
        var type = property.PropertyType;
        var required = !type.IsValueType && nullability.Create(property).ReadState == NullabilityState.NotNull;
        var range = property.GetCustomAttribute<RangeAttribute>();
        var shape = ShapeOf(Nullable.GetUnderlyingType(type) ?? type);
        return (value, field) =>
        {
            if (value is null)
            {
                return required ? Invalid(field, "is required") : null;
            }

            if (range is not null && !range.IsValid(value))
            {
                return Invalid(field, $"must be between {range.Minimum} and {range.Maximum}");
            }

            return shape(value, field);
        };
    }

    private static Func<object, string, InvalidMessageException?> ShapeOf(Type type) => Shapes.GetOrAdd(type, Shape);

    /// <summary>The rule for a present value of <paramref name="type"/>, whatever property holds it.</summary>
    private static Func<object, string, InvalidMessageException?> Shape(Type type)
    {
        if (type == typeof(string))
        {
            return (value, field) => string.IsNullOrWhiteSpace((string)value) ? Invalid(field, "must not be empty")
                : null;
        }

        if (type == typeof(Guid))
        {
            return (value, field) => (Guid)value == Guid.Empty ? Invalid(field, "must not be the empty id") : null;
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            var unset = Activator.CreateInstance(type);
            return (value, field) => value.Equals(unset) ? Invalid(field, "is required") : null;
        }

        if (type == typeof(decimal))
        {
            return (value, field) => (decimal)value < 0m ? Invalid(field, "must not be negative") : null;
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            return CollectionRule;
        }

        return IsRecord(type) ? (value, field) => Check(value, field + ".") : (_, _) => null;
    }

    private static InvalidMessageException? CollectionRule(object value, string field)
    {
        var index = 0;
        foreach (var element in (IEnumerable)value)
        {
            var path = $"{field}[{index++}]";
            var failure = element is null
                ? Invalid(path, "is required")
                : ShapeOf(element.GetType())(element, path);
            if (failure is not null)
            {
                return failure;
            }
        }

        return index == 0 ? Invalid(field, "must have at least one element") : null;
    }

    /// <summary>A type of our own contracts (not the framework's), whose properties are checked in turn.</summary>
    private static bool IsRecord(Type type) =>
        type is { IsClass: true, IsArray: false }
        && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true;

    private static InvalidMessageException Invalid(string field, string rule) => new(field, $"{field} {rule}.");

    private sealed record PropertyRule(PropertyInfo Property, string Name,
        Func<object?, string, InvalidMessageException?> Check);
}
