using Confluent.SchemaRegistry;
using FluentAssertions;
using static OrderFulfillment.EmbeddedSchemaRegistry.Tests.Registry;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

/// <summary>What Confluent's <see cref="CachedSchemaRegistryClient"/> reads back from the registry.</summary>
public sealed class ClientTests
{
    [Test]
    public async Task A_registered_version_reads_back_by_id_by_version_and_as_latest()
    {
        using var client = Client();
        var subject = TestSchemaRegistry.UniqueSubject("parcels");

        var first = await client.RegisterSchemaAsync(subject, AvroSchema(ParcelSchemas.V1));
        var second = await client.RegisterSchemaAsync(subject, AvroSchema(ParcelSchemas.WithOptionalNote));

        second.Should().NotBe(first);
        (await client.GetSubjectVersionsAsync(subject)).Should().Equal(1, 2);
        (await client.GetSchemaAsync(first)).SchemaString.Should().Be(ParcelSchemas.V1);
        var latest = await client.GetLatestSchemaAsync(subject);
        (latest.Subject, latest.Version, latest.Id, latest.SchemaString)
            .Should().Be((subject, 2, second, ParcelSchemas.WithOptionalNote));
        var version1 = await client.GetRegisteredSchemaAsync(subject, 1);
        (version1.Version, version1.Id, version1.SchemaType).Should().Be((1, first, SchemaType.Avro));
        (await client.GetAllSubjectsAsync()).Should().Contain(subject);
    }

    [Test]
    public async Task Registering_a_registered_schema_again_returns_its_id_without_a_new_version()
    {
        using var client = Client();
        var subject = TestSchemaRegistry.UniqueSubject("parcels");
        var id = await client.RegisterSchemaAsync(subject, AvroSchema(ParcelSchemas.V1));
        await client.RegisterSchemaAsync(subject, AvroSchema(ParcelSchemas.WithOptionalNote));

        // A fresh client, so its cache cannot answer instead of the registry; the layout differs, the schema does not.
        using var other = Client();
        (await other.RegisterSchemaAsync(subject, AvroSchema(ParcelSchemas.V1Reformatted))).Should().Be(id);
        (await other.GetSubjectVersionsAsync(subject)).Should().Equal(1, 2);
    }

    [Test]
    public async Task A_changed_doc_or_default_is_a_new_version_a_changed_layout_is_not()
    {
        using var client = Client();
        var subject = TestSchemaRegistry.UniqueSubject("parcels");
        await client.RegisterSchemaAsync(subject, AvroSchema(ParcelSchemas.WithDefaultedWeight));
        var documented = ParcelSchemas.WithDefaultedWeight.Replace("\"name\":\"Parcel\",",
            "\"name\":\"Parcel\",\"doc\":\"A parcel.\",", StringComparison.Ordinal);
        var otherDefault =
            ParcelSchemas.WithDefaultedWeight.Replace("\"default\":0", "\"default\":1", StringComparison.Ordinal);

        await client.RegisterSchemaAsync(subject, AvroSchema(documented));
        await client.RegisterSchemaAsync(subject, AvroSchema(otherDefault));

        (await client.GetSubjectVersionsAsync(subject)).Should().Equal(1, 2, 3);
    }

    [TestCase("""{"type":"bytes","logicalType":"decimal","precision":18,"scale":4}""",
        """{"type":"bytes","logicalType":"decimal","precision":18,"scale":2}""")]
    [TestCase("""{"type":"bytes","logicalType":"decimal","precision":18,"scale":4}""", "\"bytes\"")]
    [TestCase("""{"type":"long","logicalType":"timestamp-micros"}""",
        """{"type":"long","logicalType":"timestamp-millis"}""")]
    [TestCase("""{"type":"string","logicalType":"uuid"}""", "\"string\"")]
    public async Task Schemas_differing_only_in_a_logical_type_are_different_schemas(string first, string second)
    {
        using var client = Client();
        var subject = TestSchemaRegistry.UniqueSubject("parcels");
        await client.UpdateCompatibilityAsync(Compatibility.None, subject);
        var record = """{"type":"record","name":"Amount","fields":[{"name":"value","type":TYPE}]}""";

        var firstId = await client.RegisterSchemaAsync(subject, AvroSchema(record.Replace("TYPE", first,
            StringComparison.Ordinal)));
        var secondId = await client.RegisterSchemaAsync(subject, AvroSchema(record.Replace("TYPE", second,
            StringComparison.Ordinal)));

        secondId.Should().NotBe(firstId);
        (await client.GetSubjectVersionsAsync(subject)).Should().Equal(1, 2);
    }

    [Test]
    public async Task Ids_are_global_the_same_schema_under_two_subjects_has_one_id()
    {
        using var client = Client();
        var subject = TestSchemaRegistry.UniqueSubject("parcels");
        var otherSubject = TestSchemaRegistry.UniqueSubject("parcels");
        var schema = ParcelSchemas.WithOptionalNote.Replace("Parcel", "Parcel" + Guid.NewGuid().ToString("N"),
            StringComparison.Ordinal);

        var id = await client.RegisterSchemaAsync(subject, AvroSchema(schema));

        (await client.RegisterSchemaAsync(otherSubject, AvroSchema(schema))).Should().Be(id);
        (await client.GetRegisteredSchemaAsync(otherSubject, 1)).Id.Should().Be(id);
    }

    [Test]
    public async Task Lookup_finds_the_version_a_schema_is_and_refuses_one_never_registered()
    {
        using var client = Client();
        var subject = TestSchemaRegistry.UniqueSubject("parcels");
        await client.RegisterSchemaAsync(subject, AvroSchema(ParcelSchemas.V1));
        var id = await client.RegisterSchemaAsync(subject, AvroSchema(ParcelSchemas.WithOptionalNote));

        (await client.GetSchemaIdAsync(subject, AvroSchema(ParcelSchemas.WithOptionalNote))).Should().Be(id);
        var found = await client.LookupSchemaAsync(subject, AvroSchema(ParcelSchemas.WithOptionalNote),
            ignoreDeletedSchemas: true);
        (found.Subject, found.Version, found.Id).Should().Be((subject, 2, id));

        var missing = () => client.LookupSchemaAsync(subject, AvroSchema(ParcelSchemas.WithDefaultedWeight),
            ignoreDeletedSchemas: true);
        (await missing.Should().ThrowAsync<SchemaRegistryException>()).Which.ErrorCode.Should().Be(40403);
    }

    [Test]
    public async Task A_subject_mode_set_through_the_client_reads_back_and_another_subject_keeps_the_global_one()
    {
        using var client = Client();
        var subject = TestSchemaRegistry.UniqueSubject("parcels");

        (await client.UpdateCompatibilityAsync(Compatibility.FullTransitive, subject))
            .Should().Be(Compatibility.FullTransitive);

        (await client.GetCompatibilityAsync(subject)).Should().Be(Compatibility.FullTransitive);
        (await client.GetCompatibilityAsync()).Should().Be(Compatibility.Backward);
        var unconfigured = () => client.GetCompatibilityAsync(TestSchemaRegistry.UniqueSubject("parcels"));
        (await unconfigured.Should().ThrowAsync<SchemaRegistryException>()).Which.ErrorCode.Should().Be(40408);
    }
}
