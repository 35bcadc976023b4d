using System.Globalization;
using Avro;
using FluentAssertions;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.Contracts.Tests;

/// <summary>
/// Every checked-in schema, every version, follows the conventions a team in another language relies on when it
/// generates code from the folder: a namespace after the C# namespace, a doc on every record and field, the logical
/// types for ids, time and money, fields in the C# constructor's order, and nullable fields as a null union with
/// default null.
/// </summary>
public sealed class SchemaStyleTests
{
    private static readonly Dictionary<string, string> LogicalTypes = new(StringComparer.Ordinal)
    {
        ["eventId"] = """{"type":"string","logicalType":"uuid"}""",
        ["orderId"] = """{"type":"string","logicalType":"uuid"}""",
        ["occurredAt"] = """{"type":"long","logicalType":"timestamp-micros"}""",
        ["unitPriceUsd"] = """{"type":"bytes","logicalType":"decimal","precision":18,"scale":4}""",
        ["amountUsd"] = """{"type":"bytes","logicalType":"decimal","precision":18,"scale":4}""",
        ["totalUsd"] = """{"type":"bytes","logicalType":"decimal","precision":18,"scale":4}""",
    };

    private static IEnumerable<TestCaseData> Versions() =>
        SchemaFolder.LoadEmbedded(typeof(Topics).Assembly)
            .Select(s => new TestCaseData(s).SetArgDisplayNames(s.ToString()));

    [TestCaseSource(nameof(Versions))]
    public void The_namespace_is_that_of_the_CSharp_contract(VersionedSchema version)
    {
        var contract = ContractType(version.Contract);

        ((RecordSchema)version.Schema).Namespace.Should()
            .Be("orderfulfillment." + contract.Namespace!.Split('.')[^1].ToLowerInvariant());
    }

    [TestCaseSource(nameof(Versions))]
    public void Every_record_and_every_field_has_a_doc(VersionedSchema version)
    {
        foreach (var record in Records(version.Schema))
        {
            record.Documentation.Should().NotBeNullOrWhiteSpace($"{record.Fullname} needs a doc");
            record.Fields.Where(f => string.IsNullOrWhiteSpace(f.Documentation)).Select(f => f.Name)
                .Should().BeEmpty($"every field of {record.Fullname} needs a doc");
        }
    }

    [TestCaseSource(nameof(Versions))]
    public void Ids_time_and_money_have_their_logical_types(VersionedSchema version)
    {
        foreach (var field in Records(version.Schema).SelectMany(r => r.Fields)
            .Where(f => LogicalTypes.ContainsKey(f.Name)))
        {
            Normalised(field.Schema)
                .Should().Be(Normalised(Schema.Parse(LogicalTypes[field.Name])), $"{version}: {field.Name}");
        }
    }

    [TestCaseSource(nameof(Versions))]
    public void Fields_are_in_the_order_of_the_CSharp_constructor(VersionedSchema version)
    {
        foreach (var record in Records(version.Schema))
        {
            var parameters =
                ContractType(record.Name).GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters()
                .Select(p => char.ToLowerInvariant(p.Name![0]) + p.Name[1..]).ToList();
            var fields = record.Fields.Select(f => f.Name).ToList();

            // An earlier version has a prefix of today's fields in order; the latest has them all (the agreement test).
            fields.Should()
                .Equal(parameters.Where(fields.Contains), $"{version}: {record.Name}'s fields follow its constructor");
        }
    }

    [TestCaseSource(nameof(Versions))]
    public void A_nullable_field_is_a_null_union_with_default_null(VersionedSchema version)
    {
        foreach (var field in Records(version.Schema).SelectMany(r => r.Fields).Where(f => f.Schema is UnionSchema))
        {
            ((UnionSchema)field.Schema).Schemas.Should().HaveCount(2).And.Subject.First().Tag.Should()
                .Be(Schema.Type.Null, $"{version}: {field.Name}");
            (field.DefaultValue?.Type)
                .Should().Be(Newtonsoft.Json.Linq.JTokenType.Null, $"{version}: {field.Name} defaults to null");
        }
    }

    [TestCaseSource(nameof(Versions))]
    public void A_nested_order_line_is_the_shared_record_orderfulfillment_OrderLine(VersionedSchema version)
    {
        Records(version.Schema).Skip(1).Select(r => r.Fullname).Where(name => name != "orderfulfillment.OrderLine")
            .Should().BeEmpty();
    }

    /// <summary>The record and every record nested in it (through arrays and unions), the record first.</summary>
    private static IEnumerable<RecordSchema> Records(Schema schema) => schema switch
    {
        RecordSchema record => [record, .. record.Fields.SelectMany(f => Records(f.Schema))],
        ArraySchema array => Records(array.ItemSchema),
        UnionSchema union => union.Schemas.SelectMany(Records),
        _ => [],
    };

    private static Type ContractType(string name) =>
        typeof(Topics).Assembly.GetTypes().Single(t => t.Name == name
            && t.Namespace!.StartsWith("OrderFulfillment.Contracts", StringComparison.Ordinal));

    private static string Normalised(Schema schema) => string.Create(CultureInfo.InvariantCulture, $"{schema}");
}
