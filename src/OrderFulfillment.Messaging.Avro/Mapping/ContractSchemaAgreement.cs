using System.Globalization;
using System.Reflection;
using Avro;
using Newtonsoft.Json.Linq;

namespace OrderFulfillment.Messaging.Avro.Mapping;

/// <summary>
/// Where a C# record and an Avro record schema disagree: names, types, nullability and defaults, both ways, nested
/// records included. The mapper refuses a pair with any disagreement, so what it maps it maps faithfully.
/// </summary>
internal static class ContractSchemaAgreement
{
    public static List<string> Disagreements(Type contract, RecordSchema schema)
    {
        var problems = new List<string>();
        CompareRecord(contract, schema, contract.Name, problems);
        return problems;
    }

    private static void CompareRecord(Type contract, RecordSchema schema, string path, List<string> problems)
    {
        if (schema.Name != contract.Name)
        {
            problems.Add($"{path}: the schema's record is named {schema.Name}, the C# record {contract.Name}");
        }

        var parameters = ContractShape.PrimaryConstructor(contract).GetParameters();
        foreach (var parameter in parameters)
        {
            var name = ContractShape.FieldName(parameter);
            if (!schema.TryGetField(name, out var field))
            {
                problems.Add(
                    $"{path}.{name}: the constructor parameter {parameter.Name} has no field {name} in the schema");
                continue;
            }

            CompareField(parameter, field, $"{path}.{name}", problems);
        }

        var names = parameters.Select(ContractShape.FieldName).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(schema.Fields.Where(f => !names.Contains(f.Name))
            .Select(f => $"{path}.{f.Name}: the schema's field has no constructor parameter in {contract.Name}"));
    }

    private static void CompareField(ParameterInfo parameter, Field field, string path, List<string> problems)
    {
        var nullable = ContractShape.IsNullable(parameter);
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var schema = field.Schema;
        if (schema is UnionSchema union)
        {
            if (!nullable)
            {
                problems.Add(
                    $"{path}: the schema's union {union} allows null or other branches, but {parameter.Name} is not " +
                    $"nullable");
                return;
            }

            if (union.Schemas is not [{ Tag: Schema.Type.Null }, var value])
            {
                problems.Add($"{path}: a nullable value must be the union [\"null\", T], not {union}");
                return;
            }

            if (field.DefaultValue is not { Type: JTokenType.Null })
            {
                problems.Add(
                    $"{path}: a nullable value's union [\"null\", T] needs the default null, so records written " +
                    $"before the field existed read as null");
            }

            schema = value;
        }
        else if (nullable)
        {
            problems.Add(
                $"{path}: {parameter.Name} is nullable, but the schema's {schema} is not the union [\"null\", T]");
            return;
        }

        CompareType(type, schema, path, problems);
        CompareDefault(parameter, field, path, problems);
    }

    private static void CompareType(Type type, Schema schema, string path, List<string> problems)
    {
        if (ContractShape.ListElement(type) is { } element)
        {
            if (schema is ArraySchema array)
            {
                CompareType(element, array.ItemSchema, path + "[]", problems);
            }
            else
            {
                problems.Add($"{path}: {Describe(type)} needs an Avro array, the schema has {schema}");
            }

            return;
        }

        if (AvroValues.IsScalar(type))
        {
            if (AvroValues.ExpectedSchema(type) is var expected && !AvroValues.Matches(type, schema))
            {
                problems.Add($"{path}: {Describe(type)} needs {expected}, the schema has {schema}");
            }

            return;
        }

        if (schema is RecordSchema record && !type.IsValueType && type != typeof(string))
        {
            CompareRecord(type, record, path, problems);
            return;
        }

        problems.Add(
            $"{path}: {Describe(type)} has no Avro mapping to {schema} (supported: Guid, DateTimeOffset, decimal, " +
            $"int, long, bool, string, IReadOnlyList<T>, records)");
    }

    private static void CompareDefault(ParameterInfo parameter, Field field, string path, List<string> problems)
    {
        var avroDefault = field.DefaultValue;
        if (!parameter.HasDefaultValue)
        {
            // A nullable parameter's default null is implied by its nullability; any other default must be on both
            // sides.
            if (avroDefault is not null
                && !(ContractShape.IsNullable(parameter) && avroDefault.Type == JTokenType.Null))
            {
                problems.Add(
                    $"{path}: the schema's default {avroDefault.ToString(Newtonsoft.Json.Formatting.None)} has no C# " +
                    $"default on {parameter.Name}");
            }

            return;
        }

        if (avroDefault is null)
        {
            problems.Add(
                $"{path}: the C# default {Show(parameter.DefaultValue)} of {parameter.Name} has no default in the " +
                $"schema");
            return;
        }

        var csharpDefault = parameter.DefaultValue is null ? JValue.CreateNull()
            : JToken.FromObject(parameter.DefaultValue);
        if (!JToken.DeepEquals(csharpDefault, avroDefault))
        {
            problems.Add(
                $"{path}: the C# default {Show(parameter.DefaultValue)} differs from the schema's default " +
                $"{avroDefault.ToString(Newtonsoft.Json.Formatting.None)}");
        }
    }

    private static string Show(object? value) => value is null ? "null"
        : Convert.ToString(value, CultureInfo.InvariantCulture)!;

    private static string Describe(Type type) =>
        ContractShape.ListElement(type) is { } element ? $"IReadOnlyList<{Describe(element)}>" : type.Name;
}
