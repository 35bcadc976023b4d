using System.Reflection;

namespace OrderFulfillment.Messaging.Avro.Mapping;

/// <summary>
/// The fields of an immutable C# record as its primary constructor names them: what a contract's schema must agree
/// with. Properties that are not constructor parameters (<c>Type</c> and <c>Version</c> of a message) are not fields.
/// </summary>
internal static class ContractShape
{
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>
    /// The primary constructor: the public one with most parameters that is not the record's copy constructor.
    /// </summary>
    public static ConstructorInfo PrimaryConstructor(Type contract) =>
        contract.GetConstructors()
            .Where(c => c.GetParameters() is not [{ } only] || only.ParameterType != contract)
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
        ?? throw new InvalidOperationException($"{contract.Name} has no public constructor to map to an Avro record.");

    /// <summary>The Avro field name of a constructor parameter: camelCase.</summary>
    public static string FieldName(ParameterInfo parameter) =>
        string.Create(parameter.Name!.Length, parameter.Name, static (span, name) =>
        {
            name.AsSpan().CopyTo(span);
            span[0] = char.ToLowerInvariant(span[0]);
        });

    /// <summary>True for a nullable reference (<c>string?</c>) or <see cref="Nullable{T}"/> parameter.</summary>
    public static bool IsNullable(ParameterInfo parameter)
    {
        if (Nullable.GetUnderlyingType(parameter.ParameterType) is not null)
        {
            return true;
        }

        if (parameter.ParameterType.IsValueType)
        {
            return false;
        }

        lock (Nullability)
        {
            // NullabilityInfoContext caches and is not thread-safe.
            return Nullability.Create(parameter).ReadState == NullabilityState.Nullable;
        }
    }

    /// <summary>The property a primary constructor parameter initialises.</summary>
    public static PropertyInfo Property(Type contract, ParameterInfo parameter) =>
        contract.GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance)
        ?? throw new InvalidOperationException(
            $"{contract.Name}.{parameter.Name} is a constructor parameter without a property of the same name.");

    /// <summary>The element type of a list parameter (<c>IReadOnlyList&lt;T&gt;</c>), or null.</summary>
    public static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0]
        : null;
}
