using FluentAssertions;
using static OrderFulfillment.Schemas.Tests.TestSchemas;

namespace OrderFulfillment.Schemas.Tests;

public sealed class NamedTypeTests
{
    [Test]
    public void A_renamed_record_is_not_readable()
    {
        var v1 = OrderPlaced(OrderId);
        var v2 = Record("OrderSubmitted", OrderId);

        SchemaCompatibility.Check(CompatibilityMode.Backward, v2, [v1]).Problems.Should().Equal(
            "the new schema cannot read data of version 1: OrderSubmitted: record OrderPlaced cannot be read as " +
            "record OrderSubmitted");
    }

    [Test]
    public void A_renamed_record_with_the_old_name_as_alias_reads_old_data()
    {
        var v1 = OrderPlaced(OrderId);
        var v2 = Avro.Schema.Parse(RecordJson("OrderSubmitted", OrderId).Replace("\"doc\"",
            "\"aliases\":[\"OrderPlaced\"],\"doc\"", StringComparison.Ordinal));

        SchemaCompatibility.ReadProblems(v2, v1).Should().BeEmpty();
    }

    [Test]
    public void A_namespace_change_keeps_the_record_readable_because_names_match_unqualified()
    {
        var v1 = OrderPlaced(OrderId);
        var v2 = Avro.Schema.Parse(RecordJson("OrderPlaced", OrderId).Replace(Namespace, "orderfulfillment.orders",
            StringComparison.Ordinal));

        SchemaCompatibility.ReadProblems(v2, v1).Should().BeEmpty();
    }

    [Test]
    public void A_fixed_must_keep_its_size()
    {
        var v1 = OrderPlaced("""{"name":"hash","type":{"type":"fixed","name":"Hash","size":16}}""");
        var v2 = OrderPlaced("""{"name":"hash","type":{"type":"fixed","name":"Hash","size":32}}""");

        SchemaCompatibility.ReadProblems(v2, v1)
            .Should().Equal("OrderPlaced.hash: fixed Hash has size 16 in the writer and 32 in the reader");
    }

    [Test]
    public void A_record_that_refers_to_itself_is_resolved_without_endless_recursion()
    {
        static Avro.Schema Chain(string valueType) =>
            Record("Chain", $$"""{"name":"value","type":"{{valueType}}"}""",
                """{"name":"next","type":["null","Chain"],"default":null}""");

        SchemaCompatibility.ReadProblems(Chain("long"), Chain("int")).Should().BeEmpty();
        SchemaCompatibility.ReadProblems(Chain("int"), Chain("long"))
            .Should().Equal("Chain.value: long cannot be read as int");
    }

    [Test]
    public void A_map_of_records_is_resolved_by_its_values()
    {
        static Avro.Schema Stock(string countType) =>
            Record("Stock",
                $$"""
                {"name":"bySku","type":{"type":"map","values":{"type":"record","name":"Count",
                    "fields":[{"name":"units","type":"{{countType}}"} ] } } }
                """);

        SchemaCompatibility.ReadProblems(Stock("string"), Stock("int"))
            .Should().Equal("Stock.bySku{}.units: int cannot be read as string");
    }
}
