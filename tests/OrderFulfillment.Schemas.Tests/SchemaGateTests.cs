using FluentAssertions;
using static OrderFulfillment.Schemas.Tests.TestSchemas;

namespace OrderFulfillment.Schemas.Tests;

public sealed class SchemaGateTests
{
    private static readonly string V1 = RecordJson("OrderPlaced", OrderId, """{"name":"quantity","type":"int"}""");

    private static IReadOnlyList<string> Gate(TempSchemaFolder folder, CompatibilityMode mode) =>
        SchemaGate.Check(SchemaFolder.Load(folder.Path), _ => mode);

    [Test]
    public void A_good_evolution_passes()
    {
        using var folder = new TempSchemaFolder()
            .Write("OrderPlaced/v1.avsc", V1)
            .Write("OrderPlaced/v2.avsc", RecordJson("OrderPlaced", OrderId, """{"name":"quantity","type":"int"}""",
                """{"name":"reference","type":["null","string"],"default":null}"""))
            .Write("OrderCompleted/v1.avsc", RecordJson("OrderCompleted", OrderId));

        Gate(folder, CompatibilityMode.FullTransitive).Should().BeEmpty();
    }

    [Test]
    public void A_bad_evolution_fails_naming_the_contract_the_version_and_the_mode()
    {
        using var folder = new TempSchemaFolder()
            .Write("OrderPlaced/v1.avsc", V1)
            .Write("OrderPlaced/v2.avsc",
                RecordJson("OrderPlaced", OrderId, """{"name":"quantity","type":"string"}"""));

        Gate(folder, CompatibilityMode.BackwardTransitive).Should().Equal(
            "OrderPlaced v2 (BACKWARD_TRANSITIVE): the new schema cannot read data of version 1: " +
            "OrderPlaced.quantity: int cannot be read as string");
    }

    [Test]
    public void Every_version_is_checked_against_the_earlier_ones_of_its_own_contract_under_its_own_mode()
    {
        // v3 drops v2's defaulted field's default: fine after v2 (BACKWARD), not after v1 (BACKWARD_TRANSITIVE).
        using var folder = new TempSchemaFolder()
            .Write("OrderPlaced/v1.avsc", V1)
            .Write("OrderPlaced/v2.avsc", RecordJson("OrderPlaced", OrderId, """{"name":"quantity","type":"int"}""",
                """{"name":"channel","type":"string","default":"web"}"""))
            .Write("OrderPlaced/v3.avsc", RecordJson("OrderPlaced", OrderId, """{"name":"quantity","type":"int"}""",
                """{"name":"channel","type":"string"}"""))
            .Write("OrderCompleted/v1.avsc", RecordJson("OrderCompleted", OrderId))
            .Write("OrderCompleted/v2.avsc",
                RecordJson("OrderCompleted", OrderId, """{"name":"channel","type":"string","default":"web"}"""));
        var modes = new Dictionary<string, CompatibilityMode>
        {
            ["OrderPlaced"] = CompatibilityMode.BackwardTransitive,
            ["OrderCompleted"] = CompatibilityMode.Backward,
        };

        SchemaGate.Check(SchemaFolder.Load(folder.Path), c => modes[c]).Should().Equal(
            "OrderPlaced v3 (BACKWARD_TRANSITIVE): the new schema cannot read data of version 1: " +
            "OrderPlaced.channel: the writer's record OrderPlaced has no such field, and the reader's field has no " +
            "default");
        modes["OrderPlaced"] = CompatibilityMode.Backward;
        SchemaGate.Check(SchemaFolder.Load(folder.Path), c => modes[c]).Should().BeEmpty();
    }

    [Test]
    public void An_invalid_schema_fails_the_gate_even_as_a_first_version()
    {
        using var folder = new TempSchemaFolder()
            .Write("OrderPlaced/v1.avsc", RecordJson("OrderPlaced", OrderId,
                """{"name":"reference","type":["null","string"],"default":"none"}"""));

        Gate(folder, CompatibilityMode.None).Should().Equal(
            "OrderPlaced v1: OrderPlaced.reference: the default \"none\" is not a value of null (the first branch of " +
            "the union)");
    }
}
