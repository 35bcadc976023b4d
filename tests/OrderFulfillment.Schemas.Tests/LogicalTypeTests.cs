using FluentAssertions;
using static OrderFulfillment.Schemas.Tests.TestSchemas;

namespace OrderFulfillment.Schemas.Tests;

public sealed class LogicalTypeTests
{
    private static Avro.Schema Money(int precision, int scale) =>
        OrderPlaced(
            $$$"""
            {"name":"totalUsd","type":{"type":"bytes","logicalType":"decimal",
                "precision":{{{precision}}},"scale":{{{scale}}}}}
            """);

    private static Avro.Schema Field(string type) => OrderPlaced($$"""{"name":"value","type":{{type}}}""");

    [Test]
    public void A_decimal_scale_change_is_incompatible_both_ways_because_the_same_bytes_become_another_amount()
    {
        var result = SchemaCompatibility.Check(CompatibilityMode.Full, Money(18, 2), [Money(18, 4)]);

        result.Problems.Should().Equal(
            "the new schema cannot read data of version 1: OrderPlaced.totalUsd: decimal(18,4) cannot be read as " +
            "decimal(18,2)",
            "version 1 cannot read data of the new schema: OrderPlaced.totalUsd: decimal(18,2) cannot be read as " +
            "decimal(18,4)");
    }

    [Test]
    public void A_decimal_precision_change_is_incompatible()
    {
        SchemaCompatibility.ReadProblems(Money(20, 4), Money(18, 4))
            .Should().Equal("OrderPlaced.totalUsd: decimal(18,4) cannot be read as decimal(20,4)");
    }

    [Test]
    public void A_decimal_read_as_plain_bytes_is_incompatible()
    {
        SchemaCompatibility.ReadProblems(OrderPlaced("""{"name":"totalUsd","type":"bytes"}"""), Money(18, 4))
            .Should().Equal("OrderPlaced.totalUsd: decimal(18,4) cannot be read as bytes");
    }

    [Test]
    public void The_same_decimal_is_compatible()
    {
        SchemaCompatibility.ReadProblems(Money(18, 4), Money(18, 4)).Should().BeEmpty();
    }

    [Test]
    public void Other_logical_types_may_be_added_or_dropped_and_are_compared_by_their_underlying_type()
    {
        var uuid = Field("""{"type":"string","logicalType":"uuid"}""");
        var text = Field("\"string\"");

        SchemaCompatibility.ReadProblems(text, uuid).Should().BeEmpty();
        SchemaCompatibility.ReadProblems(uuid, text).Should().BeEmpty();
        SchemaCompatibility.ReadProblems(Field("\"int\""), uuid)
            .Should().Equal("OrderPlaced.value: uuid string cannot be read as int");
    }

    [Test]
    public void Two_different_logical_types_on_the_same_underlying_type_are_incompatible()
    {
        var millis = Field("""{"type":"long","logicalType":"timestamp-millis"}""");
        var micros = Field("""{"type":"long","logicalType":"timestamp-micros"}""");

        SchemaCompatibility.ReadProblems(micros, millis)
            .Should().Equal("OrderPlaced.value: timestamp-millis long cannot be read as timestamp-micros long");
    }

    [Test]
    public void A_date_is_not_promoted_to_a_timestamp_because_days_are_not_milliseconds()
    {
        SchemaCompatibility.ReadProblems(Field("""{"type":"long","logicalType":"timestamp-millis"}"""),
            Field("""{"type":"int","logicalType":"date"}"""))
            .Should().Equal("OrderPlaced.value: date int cannot be read as timestamp-millis long");
    }

    [Test]
    public void Logical_types_unknown_to_the_specification_are_ignored_as_it_says()
    {
        SchemaCompatibility.ReadProblems(Field("""{"type":"string","logicalType":"sku"}"""),
            Field("""{"type":"string","logicalType":"product-code"}"""))
            .Should().BeEmpty();
    }
}
