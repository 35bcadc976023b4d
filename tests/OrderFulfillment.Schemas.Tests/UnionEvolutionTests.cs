using FluentAssertions;
using static OrderFulfillment.Schemas.Tests.TestSchemas;

namespace OrderFulfillment.Schemas.Tests;

public sealed class UnionEvolutionTests
{
    private static readonly Avro.Schema OptionalReference =
        OrderPlaced("""{"name":"reference","type":["null","string"],"default":null}""");
    private static readonly Avro.Schema RequiredReference = OrderPlaced("""{"name":"reference","type":"string"}""");

    [Test]
    public void A_union_narrowed_to_one_branch_breaks_backward_compatibility()
    {
        SchemaCompatibility.Check(CompatibilityMode.Backward, RequiredReference, [OptionalReference]).Problems.Should()
            .Equal(
            "the new schema cannot read data of version 1: OrderPlaced.reference: null cannot be read as string");
    }

    [Test]
    public void A_union_writer_is_not_readable_by_a_non_union_reader_although_Apache_Avro_says_it_is()
    {
        SchemaCompatibility.ReadProblems(RequiredReference, OptionalReference)
            .Should().Equal("OrderPlaced.reference: null cannot be read as string");

        // Why the rules are our own: Apache.Avro's answer would let this change through.
        RequiredReference.CanRead(OptionalReference).Should().BeTrue();
    }

    [Test]
    public void A_widened_union_reads_the_single_type_it_replaced()
    {
        SchemaCompatibility.Check(CompatibilityMode.Backward, OptionalReference, [RequiredReference]).Problems.Should()
            .BeEmpty();
    }

    [Test]
    public void A_non_union_writer_needs_a_branch_of_the_reader_union_that_reads_it()
    {
        var intOrNull = OrderPlaced("""{"name":"reference","type":["null","int"],"default":null}""");

        SchemaCompatibility.ReadProblems(intOrNull, RequiredReference)
            .Should().Equal("OrderPlaced.reference: string cannot be read as [null, int]");
    }

    [Test]
    public void A_union_branch_of_the_same_record_reports_the_problems_inside_that_record()
    {
        static Avro.Schema Shipping(string zipType, bool optional)
        {
            var address = $$"""{"type":"record","name":"Address","fields":[{"name":"zip","type":"{{zipType}}"}]}""";
            return OrderPlaced(optional
                ? $$"""{"name":"address","type":["null",{{address}}],"default":null}"""
                : $$"""{"name":"address","type":{{address}}}""");
        }

        SchemaCompatibility.ReadProblems(Shipping("int", optional: true), Shipping("string", optional: false))
            .Should().Equal("OrderPlaced.address.zip: string cannot be read as int");
    }

    [Test]
    public void A_union_writer_is_readable_by_a_reader_union_that_takes_every_branch()
    {
        var wider = OrderPlaced("""{"name":"reference","type":["null","string","int"],"default":null}""");

        SchemaCompatibility.ReadProblems(wider, OptionalReference).Should().BeEmpty();
        SchemaCompatibility.ReadProblems(OptionalReference, wider)
            .Should().Equal("OrderPlaced.reference: int cannot be read as [null, string]");
    }
}
