using System.Reflection;
using Confluent.SchemaRegistry;

namespace OrderFulfillment.Messaging.Avro.Tests;

/// <summary>
/// A test double of Confluent's <see cref="ISchemaRegistryClient"/> that knows one schema under one id: registering
/// or looking it up answers the id, fetching the id answers the schema. Any other call fails the test, naming the
/// method, so the double cannot quietly answer something the serdes did not expect.
/// </summary>
public class FixedIdSchemaRegistry : DispatchProxy
{
    private int _id;
    private string _schema = "";

    /// <summary>Every registry call the serdes made, by method name.</summary>
    public List<string> Calls { get; } = [];

    public static ISchemaRegistryClient Create(int id, string schema, out FixedIdSchemaRegistry registry)
    {
        var client = DispatchProxy.Create<ISchemaRegistryClient, FixedIdSchemaRegistry>();
        registry = (FixedIdSchemaRegistry)(object)client;
        registry._id = id;
        registry._schema = schema;
        return client;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Calls.Add(targetMethod.Name);
        return targetMethod.Name switch
        {
            "get_MaxCachedSchemas" => 1000,
            "get_Config" => Enumerable.Empty<KeyValuePair<string, string>>(),
            "ConstructValueSubjectName" => args![0] + "-value",
            "RegisterSchemaAsync" or "GetSchemaIdAsync" => Task.FromResult(_id),
            "RegisterSchemaWithResponseAsync" or "LookupSchemaAsync" when args is [string subject, ..] =>
                Task.FromResult(new RegisteredSchema(subject, 1, _id, _schema, SchemaType.Avro, [])),
            "GetSchemaAsync" when args is [int id, ..]
            && id == _id => Task.FromResult(new Schema(_schema, SchemaType.Avro)),
            "GetSchemaBySubjectAndIdAsync" when args is [_, int id, ..]
            && id == _id => Task.FromResult(new Schema(_schema, SchemaType.Avro)),
            "Dispose" or "ClearCaches" or "ClearLatestCaches" => null,
            _ => throw new NotSupportedException(
                $"The test registry does not answer {targetMethod.Name}({string.Join(", ", args ?? [])})."),
        };
    }
}
