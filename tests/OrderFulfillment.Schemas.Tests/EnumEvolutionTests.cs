using FluentAssertions;
using static OrderFulfillment.Schemas.Tests.TestSchemas;

namespace OrderFulfillment.Schemas.Tests;

public sealed class EnumEvolutionTests
{
    private static Avro.Schema WithStatus(params string[] symbols) => WithStatusAndDefault(null, symbols);

    private static Avro.Schema WithStatusAndDefault(string? defaultSymbol, params string[] symbols)
    {
        var defaultJson = defaultSymbol is null ? "" : $$""","default":"{{defaultSymbol}}" """;
        var symbolsJson = string.Join(",", symbols.Select(s => $"\"{s}\""));
        return OrderPlaced(
            """{"name":"status","type":{"type":"enum","name":"Status","symbols":[""" +
            symbolsJson + "]" + defaultJson + "}}");
    }

    [Test]
    public void A_removed_symbol_breaks_backward_compatibility()
    {
        var result = SchemaCompatibility.Check(CompatibilityMode.Backward, WithStatus("Placed", "Shipped"),
            [WithStatus("Placed", "Shipped", "Cancelled")]);

        result.Problems.Should().Equal(
            "the new schema cannot read data of version 1: OrderPlaced.status: symbol Cancelled of enum Status is " +
            "not in the reader's symbols, and the reader's enum has no default");
    }

    [Test]
    public void An_added_symbol_is_backward_compatible()
    {
        SchemaCompatibility.Check(CompatibilityMode.Backward, WithStatus("Placed", "Shipped", "Cancelled"),
            [WithStatus("Placed", "Shipped")])
            .Problems.Should().BeEmpty();
    }

    [TestCase(CompatibilityMode.Forward)]
    [TestCase(CompatibilityMode.ForwardTransitive)]
    [TestCase(CompatibilityMode.Full)]
    [TestCase(CompatibilityMode.FullTransitive)]
    public void An_added_symbol_breaks_the_modes_where_old_readers_read_new_data(CompatibilityMode mode)
    {
        var result = SchemaCompatibility.Check(mode, WithStatus("Placed", "Shipped", "Cancelled"), [WithStatus("Placed",
            "Shipped")]);

        result.Problems.Should().Equal(
            "version 1 cannot read data of the new schema: OrderPlaced.status: symbol Cancelled of enum Status is " +
            "not in the reader's symbols, and the reader's enum has no default");
    }

    [Test]
    public void Apache_Avro_would_let_an_old_reader_miss_a_new_symbol()
    {
        // Why the rules are our own: the old reader fails on the first record with the new symbol.
        WithStatus("Placed", "Shipped").CanRead(WithStatus("Placed", "Shipped", "Cancelled")).Should().BeTrue();
        SchemaCompatibility.ReadProblems(WithStatus("Placed", "Shipped"), WithStatus("Placed", "Shipped", "Cancelled"))
            .Should().NotBeEmpty();
    }

    [Test]
    public void An_added_symbol_is_forward_compatible_when_the_old_reader_has_an_enum_default()
    {
        SchemaCompatibility.Check(CompatibilityMode.Full, WithStatusAndDefault("Unknown", "Unknown", "Placed",
            "Cancelled"), [WithStatusAndDefault("Unknown", "Unknown", "Placed")])
            .Problems.Should().BeEmpty();
    }

    [Test]
    public void An_enum_renamed_without_an_alias_is_not_readable()
    {
        var v1 = OrderPlaced("""{"name":"status","type":{"type":"enum","name":"Status","symbols":["Placed"]}}""");
        var v2 = OrderPlaced("""{"name":"status","type":{"type":"enum","name":"OrderStatus","symbols":["Placed"]}}""");

        SchemaCompatibility.ReadProblems(v2, v1)
            .Should().Equal("OrderPlaced.status: enum Status cannot be read as enum OrderStatus");
    }
}
