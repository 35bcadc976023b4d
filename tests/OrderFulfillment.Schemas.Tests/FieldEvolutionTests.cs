using FluentAssertions;
using static OrderFulfillment.Schemas.Tests.TestSchemas;

namespace OrderFulfillment.Schemas.Tests;

public sealed class FieldEvolutionTests
{
    private const string Note = """{"name":"note","type":"string"}""";
    private const string OptionalNote = """{"name":"note","type":["null","string"],"default":null}""";

    [Test]
    public void A_field_added_without_a_default_breaks_backward_compatibility()
    {
        var result =
            SchemaCompatibility.Check(CompatibilityMode.Backward, OrderPlaced(OrderId, Note), [OrderPlaced(OrderId)]);

        result.Problems.Should().Equal(
            "the new schema cannot read data of version 1: OrderPlaced.note: the writer's record OrderPlaced has no " +
            "such field, and the reader's field has no default");
    }

    [Test]
    public void A_field_removed_without_a_default_breaks_forward_compatibility_but_not_backward()
    {
        var v1 = OrderPlaced(OrderId, Note);
        var v2 = OrderPlaced(OrderId);

        SchemaCompatibility.Check(CompatibilityMode.Forward, v2, [v1]).Problems.Should().Equal(
            "version 1 cannot read data of the new schema: OrderPlaced.note: the writer's record OrderPlaced has no " +
            "such field, and the reader's field has no default");
        SchemaCompatibility.Check(CompatibilityMode.Backward, v2, [v1]).IsCompatible.Should().BeTrue();
    }

    [Test]
    public void An_optional_field_with_a_default_may_be_added_and_removed_in_every_mode()
    {
        var without = OrderPlaced(OrderId);
        var with = OrderPlaced(OrderId, OptionalNote);

        SchemaCompatibility.Check(CompatibilityMode.FullTransitive, with, [without]).Problems.Should().BeEmpty();
        SchemaCompatibility.Check(CompatibilityMode.FullTransitive, without, [with]).Problems.Should().BeEmpty();
    }

    [Test]
    public void A_type_change_from_int_to_string_is_named_by_its_path_through_arrays_and_nested_records()
    {
        static string Lines(string quantityType) =>
            $$"""
            {"name":"lines","type":{"type":"array","items":{"type":"record","name":"OrderLine",
                "fields":[{"name":"sku","type":"string"},{"name":"quantity","type":"{{quantityType}}"} ] } } }
            """;

        var result = SchemaCompatibility.Check(CompatibilityMode.Backward, OrderPlaced(OrderId, Lines("string")),
            [OrderPlaced(OrderId, Lines("int"))]);

        result.Problems.Should().Equal(
            "the new schema cannot read data of version 1: OrderPlaced.lines[].quantity: int cannot be read as string");
    }

    [Test]
    public void Int_to_long_is_backward_compatible_but_not_forward()
    {
        var v1 = OrderPlaced("""{"name":"quantity","type":"int"}""");
        var v2 = OrderPlaced("""{"name":"quantity","type":"long"}""");

        SchemaCompatibility.Check(CompatibilityMode.Backward, v2, [v1]).Problems.Should().BeEmpty();
        SchemaCompatibility.Check(CompatibilityMode.Forward, v2, [v1]).Problems.Should().Equal(
            "version 1 cannot read data of the new schema: OrderPlaced.quantity: long cannot be read as int");
    }

    // Avro's promotions read; narrowing or unrelated primitives do not.
    [TestCase("int", "long", ExpectedResult = "")]
    [TestCase("int", "float", ExpectedResult = "")]
    [TestCase("int", "double", ExpectedResult = "")]
    [TestCase("long", "float", ExpectedResult = "")]
    [TestCase("long", "double", ExpectedResult = "")]
    [TestCase("float", "double", ExpectedResult = "")]
    [TestCase("string", "bytes", ExpectedResult = "")]
    [TestCase("bytes", "string", ExpectedResult = "")]
    [TestCase("long", "int", ExpectedResult = "OrderPlaced.x: long cannot be read as int")]
    [TestCase("double", "float", ExpectedResult = "OrderPlaced.x: double cannot be read as float")]
    [TestCase("boolean", "int", ExpectedResult = "OrderPlaced.x: boolean cannot be read as int")]
    [TestCase("null", "string", ExpectedResult = "OrderPlaced.x: null cannot be read as string")]
    public string Primitives_read_as_the_same_type_or_an_Avro_promotion(string writer, string reader) =>
        string.Join("; ", SchemaCompatibility.ReadProblems(OrderPlaced($$"""{"name":"x","type":"{{reader}}"}"""),
            OrderPlaced($$"""{"name":"x","type":"{{writer}}"}""")));

    [Test]
    public void Doc_changes_are_compatible_in_every_mode()
    {
        var v1 = OrderPlaced("""{"name":"quantity","type":"int","doc":"How many."}""");
        var v2 =
            Avro.Schema.Parse(
                RecordJson("OrderPlaced",
                    """{"name":"quantity","type":"int","doc":"How many units the customer ordered."}""")
                        .Replace("A test record.", "Another doc.", StringComparison.Ordinal));

        SchemaCompatibility.Check(CompatibilityMode.FullTransitive, v2, [v1]).Problems.Should().BeEmpty();
    }

    [Test]
    public void A_field_renamed_with_the_old_name_as_alias_reads_old_data()
    {
        var v1 = OrderPlaced("""{"name":"note","type":"string"}""");
        var v2 = OrderPlaced("""{"name":"comment","aliases":["note"],"type":"string"}""");

        SchemaCompatibility.Check(CompatibilityMode.Backward, v2, [v1]).Problems.Should().BeEmpty();
        SchemaCompatibility.Check(CompatibilityMode.Forward, v2, [v1]).Problems.Should().ContainSingle()
            .Which.Should().Contain("OrderPlaced.note: the writer's record OrderPlaced has no such field");
    }
}
