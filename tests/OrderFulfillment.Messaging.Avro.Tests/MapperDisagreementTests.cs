using Avro;
using FluentAssertions;

namespace OrderFulfillment.Messaging.Avro.Tests;

/// <summary>Disagreements between a C# record and a schema, each kind caught and named.</summary>
public sealed class MapperDisagreementTests
{
    private const string Uuid = "{\"type\":\"string\",\"logicalType\":\"uuid\"}";
    private const string Money = "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":18,\"scale\":4}";

    public sealed record Line(string Sku, decimal PriceUsd);

    public sealed record Sample(Guid OrderId, int Count, string? Note, IReadOnlyList<Line> Lines,
        string Channel = "web");

    private static readonly string LineRecord =
        "{\"type\":\"record\",\"name\":\"Line\",\"fields\":[{\"name\":\"sku\",\"type\":\"string\"}," +
        "{\"name\":\"priceUsd\",\"type\":" + Money + "}]}";

    private static readonly string AgreeingFields =
        $$"""
        {"name":"orderId","type":{{Uuid}}},
        {"name":"count","type":"int"},
        {"name":"note","type":["null","string"],"default":null},
        {"name":"lines","type":{"type":"array","items":{{LineRecord}} } },
        {"name":"channel","type":"string","default":"web"}
        """;

    [Test]
    public void A_record_and_the_schema_written_for_it_agree()
    {
        ContractRecordMapper.Disagreements(typeof(Sample), Record(AgreeingFields)).Should().BeEmpty();
    }

    [Test]
    public void A_renamed_field_is_reported_from_both_sides()
    {
        var problems = ContractRecordMapper.Disagreements(typeof(Sample), Record(AgreeingFields.Replace("\"count\"",
            "\"total\"", StringComparison.Ordinal)));

        problems.Should().BeEquivalentTo(
            "Sample.count: the constructor parameter Count has no field count in the schema",
            "Sample.total: the schema's field has no constructor parameter in Sample");
    }

    [Test]
    public void A_wrong_type_is_reported_with_what_was_needed()
    {
        var problems =
            ContractRecordMapper.Disagreements(typeof(Sample),
                Record(AgreeingFields.Replace("{\"name\":\"count\",\"type\":\"int\"}",
                    "{\"name\":\"count\",\"type\":\"string\"}", StringComparison.Ordinal)));

        problems.Should().ContainSingle().Which.Should().StartWith("Sample.count: Int32 needs \"int\"");
    }

    [Test]
    public void A_wrong_type_inside_a_nested_record_is_reported_with_its_path()
    {
        var problems = ContractRecordMapper.Disagreements(typeof(Sample), Record(AgreeingFields.Replace(Money,
            "\"double\"", StringComparison.Ordinal)));

        problems.Should().ContainSingle().Which.Should().StartWith("Sample.lines[].priceUsd: Decimal needs");
    }

    [Test]
    public void A_plain_uuid_string_is_not_a_guid()
    {
        ContractRecordMapper.Disagreements(typeof(Sample),
            Record(AgreeingFields.Replace(Uuid, "\"string\"", StringComparison.Ordinal)))
            .Should().ContainSingle().Which.Should().StartWith("Sample.orderId: Guid needs");
    }

    [Test]
    public void A_nullable_parameter_needs_a_null_union_and_a_non_nullable_one_must_not_have_one()
    {
        var nullableWithoutUnion =
            AgreeingFields.Replace("[\"null\",\"string\"],\"default\":null", "\"string\"", StringComparison.Ordinal);
        var requiredWithUnion = AgreeingFields.Replace("{\"name\":\"count\",\"type\":\"int\"}",
            "{\"name\":\"count\",\"type\":[\"null\",\"int\"],\"default\":null}", StringComparison.Ordinal);

        ContractRecordMapper.Disagreements(typeof(Sample), Record(nullableWithoutUnion))
            .Should().ContainSingle().Which.Should().StartWith("Sample.note: Note is nullable");
        ContractRecordMapper.Disagreements(typeof(Sample), Record(requiredWithUnion))
            .Should().ContainSingle().Which.Should().StartWith("Sample.count: the schema's union").And.EndWith(
                "but Count is not nullable");
    }

    [Test]
    public void Defaults_must_be_the_same_on_both_sides()
    {
        var otherDefault =
            AgreeingFields.Replace("\"default\":\"web\"", "\"default\":\"shop\"", StringComparison.Ordinal);
        var noAvroDefault = AgreeingFields.Replace(",\"default\":\"web\"", "", StringComparison.Ordinal);
        var noCSharpDefault = AgreeingFields.Replace("{\"name\":\"count\",\"type\":\"int\"}",
            "{\"name\":\"count\",\"type\":\"int\",\"default\":1}", StringComparison.Ordinal);
        var nullWithoutDefault = AgreeingFields.Replace(",\"default\":null", "", StringComparison.Ordinal);

        ContractRecordMapper.Disagreements(typeof(Sample), Record(otherDefault))
            .Should().ContainSingle().Which.Should().Be(
                "Sample.channel: the C# default web differs from the schema's default \"shop\"");
        ContractRecordMapper.Disagreements(typeof(Sample), Record(noAvroDefault))
            .Should().ContainSingle().Which.Should().Be(
                "Sample.channel: the C# default web of Channel has no default in the schema");
        ContractRecordMapper.Disagreements(typeof(Sample), Record(noCSharpDefault))
            .Should().ContainSingle().Which.Should().Be(
                "Sample.count: the schema's default 1 has no C# default on Count");
        ContractRecordMapper.Disagreements(typeof(Sample), Record(nullWithoutDefault))
            .Should().ContainSingle().Which.Should().StartWith(
                "Sample.note: a nullable value's union [\"null\", T] needs the default null");
    }

    [Test]
    public void Create_refuses_a_pair_that_disagrees_listing_every_disagreement()
    {
        var schema = Record(AgreeingFields.Replace("\"count\"", "\"total\"", StringComparison.Ordinal).Replace(Uuid,
            "\"long\"", StringComparison.Ordinal));

        FluentActions.Invoking(() => ContractRecordMapper.Create(typeof(Sample), schema))
            .Should().Throw<InvalidOperationException>()
            .WithMessage(
                "*Sample.orderId: Guid needs*Sample.count: the constructor parameter*Sample.total: the schema's " +
                "field*");
    }

    [Test]
    public void A_record_name_other_than_the_contracts_is_a_disagreement()
    {
        var schema =
            (RecordSchema)Schema.Parse($$"""{"type":"record","name":"Example","fields":[{{AgreeingFields}}]}""");

        ContractRecordMapper.Disagreements(typeof(Sample), schema)
            .Should().ContainSingle().Which.Should().Contain("named Example");
    }

    internal static RecordSchema Record(string fields) =>
        (RecordSchema)Schema.Parse($$"""{"type":"record","name":"Sample","namespace":"test","fields":[{{fields}}]}""");
}
