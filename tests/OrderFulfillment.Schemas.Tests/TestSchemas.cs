using Avro;

namespace OrderFulfillment.Schemas.Tests;

/// <summary>Small schemas written inline, so each test shows the change it is about.</summary>
internal static class TestSchemas
{
    public const string Namespace = "orderfulfillment.test";

    /// <summary>The JSON of a record named <paramref name="name"/> with the given field definitions.</summary>
    public static string RecordJson(string name, params string[] fields) =>
        $$"""{"type":"record","name":"{{name}}","namespace":"{{Namespace}}","doc":"A test record.","fields":[""" +
        string.Join(",", fields) + "]}";

    /// <summary>A record named OrderPlaced with the given field definitions.</summary>
    public static Schema OrderPlaced(params string[] fields) => Schema.Parse(RecordJson("OrderPlaced", fields));

    /// <summary>A record with the given name and field definitions.</summary>
    public static Schema Record(string name, params string[] fields) => Schema.Parse(RecordJson(name, fields));

    public const string OrderId = """{"name":"orderId","type":{"type":"string","logicalType":"uuid"}}""";
}
