using FluentAssertions;
using static OrderFulfillment.Schemas.Tests.TestSchemas;

namespace OrderFulfillment.Schemas.Tests;

public sealed class CompatibilityModeTests
{
    // v2 gives the new field a default, v3 takes it away: v3 reads v2's data (which has the field) but not v1's.
    private static readonly Avro.Schema V1 = OrderPlaced(OrderId);
    private static readonly Avro.Schema V2 =
        OrderPlaced(OrderId, """{"name":"channel","type":"string","default":"web"}""");
    private static readonly Avro.Schema V3 = OrderPlaced(OrderId, """{"name":"channel","type":"string"}""");

    [Test]
    public void Backward_compares_with_the_latest_version_only()
    {
        SchemaCompatibility.Check(CompatibilityMode.Backward, V3, [V1, V2]).Problems.Should().BeEmpty();
    }

    [Test]
    public void Backward_transitive_compares_with_every_earlier_version()
    {
        SchemaCompatibility.Check(CompatibilityMode.BackwardTransitive, V3, [V1, V2]).Problems.Should().Equal(
            "the new schema cannot read data of version 1: OrderPlaced.channel: the writer's record OrderPlaced has " +
            "no such field, and the reader's field has no default");
    }

    [Test]
    public void None_accepts_anything()
    {
        SchemaCompatibility.Check(CompatibilityMode.None, Record("Other", """{"name":"x","type":"int"}"""), [V1])
            .IsCompatible.Should().BeTrue();
    }

    [Test]
    public void The_first_version_is_compatible_in_every_mode()
    {
        SchemaCompatibility.Check(CompatibilityMode.FullTransitive, V1, []).IsCompatible.Should().BeTrue();
    }

    [TestCase(CompatibilityMode.BackwardTransitive, "BACKWARD_TRANSITIVE")]
    [TestCase(CompatibilityMode.FullTransitive, "FULL_TRANSITIVE")]
    [TestCase(CompatibilityMode.None, "NONE")]
    public void Modes_have_the_registry_names(CompatibilityMode mode, string name)
    {
        mode.ToRegistryName().Should().Be(name);
        CompatibilityModeNames.TryParse(name.ToLowerInvariant(), out var parsed).Should().BeTrue();
        parsed.Should().Be(mode);
    }
}
