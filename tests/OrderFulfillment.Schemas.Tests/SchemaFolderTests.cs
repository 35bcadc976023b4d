using FluentAssertions;
using static OrderFulfillment.Schemas.Tests.TestSchemas;

namespace OrderFulfillment.Schemas.Tests;

public sealed class SchemaFolderTests
{
    private static readonly string V1 = RecordJson("OrderPlaced", OrderId);

    [Test]
    public void Loads_every_version_by_contract_and_version_with_its_text()
    {
        using var folder = new TempSchemaFolder()
            .Write("OrderPlaced/v2.avsc", V1)
            .Write("OrderPlaced/v1.avsc", V1)
            .Write("InventoryReserved/v1.avsc", RecordJson("InventoryReserved", OrderId));

        var schemas = SchemaFolder.Load(folder.Path);

        schemas.Select(s => s.ToString()).Should().Equal("InventoryReserved v1", "OrderPlaced v1", "OrderPlaced v2");
        schemas[1].Text.Should().Be(V1);
    }

    [Test]
    public void A_gap_in_the_versions_is_refused()
    {
        using var folder = new TempSchemaFolder().Write("OrderPlaced/v1.avsc", V1).Write("OrderPlaced/v3.avsc", V1);

        var load = () => SchemaFolder.Load(folder.Path);

        load.Should().Throw<InvalidDataException>()
            .WithMessage("Schema versions of OrderPlaced must be v1..v2 without gaps; found v1, v3.");
    }

    [TestCase("OrderPlaced/version1.avsc")]
    [TestCase("OrderPlaced/v0.avsc")]
    [TestCase("OrderPlaced/v01.avsc")]
    [TestCase("v1.avsc")]
    [TestCase("orders/OrderPlaced/v1.avsc")]
    public void A_misnamed_file_is_refused(string path)
    {
        using var folder = new TempSchemaFolder().Write(path, V1);

        var load = () => SchemaFolder.Load(folder.Path);

        load.Should().Throw<InvalidDataException>()
            .WithMessage($"Schema file '{path}' is not named {{Contract}}/v{{n}}.avsc.");
    }

    [Test]
    public void A_record_named_otherwise_than_its_folder_is_refused()
    {
        using var folder = new TempSchemaFolder().Write("OrderPlaced/v1.avsc", RecordJson("OrderSubmitted", OrderId));

        var load = () => SchemaFolder.Load(folder.Path);

        load.Should().Throw<InvalidDataException>()
            .WithMessage("Schema file 'OrderPlaced/v1.avsc' must define the named type OrderPlaced.");
    }

    [TestCase("""{"type":"record","name":"OrderPlaced","fields":[{"name":"x","type":"decimal"}]}""",
        "the schema does not parse: Undefined name: decimal*")]
    [TestCase(
        """{"type":"record","name":"OrderPlaced","fields":[{"name":"x","type":"int"},{"name":"x","type":"int"}]}""",
        "the schema does not parse: field or alias x is a duplicate name*")]
    [TestCase("""{"type":"record",""", "the schema is not JSON: *")]
    public void A_file_that_is_not_a_schema_is_refused(string text, string why)
    {
        using var folder = new TempSchemaFolder().Write("OrderPlaced/v1.avsc", text);

        var load = () => SchemaFolder.Load(folder.Path);

        load.Should().Throw<InvalidDataException>().WithMessage("Schema file 'OrderPlaced/v1.avsc': " + why);
    }
}
