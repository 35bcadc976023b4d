using Confluent.SchemaRegistry;
using FluentAssertions;
using static OrderFulfillment.EmbeddedSchemaRegistry.Tests.Registry;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

/// <summary>
/// Many clients at once, as when every service instance registers its schemas while the platform starts.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int Clients = 16;

    [Test]
    public async Task Clients_registering_one_schema_at_once_get_one_id_and_one_version()
    {
        var subject = TestSchemaRegistry.UniqueSubject("race");
        var schema =
            ParcelSchemas.V1.Replace("Parcel", "Parcel" + Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
        var start = new StartLine(Clients);

        var ids = await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            using var client = Client();
            await start.Arrive();
            return await client.RegisterSchemaAsync(subject, AvroSchema(schema));
        }));

        ids.Distinct().Should().ContainSingle();
        using var reader = Client();
        (await reader.GetSubjectVersionsAsync(subject)).Should().Equal(1);
    }

    [Test]
    public async Task Clients_registering_different_schemas_at_once_get_a_version_each_without_gaps()
    {
        var subject = TestSchemaRegistry.UniqueSubject("race");
        using (var setup = Client())
        {
            await setup.UpdateCompatibilityAsync(Compatibility.None, subject);
        }

        var start = new StartLine(Clients);
        var ids = await Task.WhenAll(Enumerable.Range(0, Clients).Select(async i =>
        {
            using var client = Client();
            await start.Arrive();
            var schema = ParcelSchemas.V1.Replace("Parcel", $"Parcel{i}x{Guid.NewGuid():N}", StringComparison.Ordinal);
            return await client.RegisterSchemaAsync(subject, AvroSchema(schema));
        }));

        using var reader = Client();
        (await reader.GetSubjectVersionsAsync(subject)).Should().Equal(Enumerable.Range(1, Clients));
        var versionIds = new List<int>();
        for (var version = 1; version <= Clients; version++)
        {
            versionIds.Add((await reader.GetRegisteredSchemaAsync(subject, version)).Id);
        }

        versionIds.Should().BeEquivalentTo(ids).And.OnlyHaveUniqueItems();
    }
}
