using Confluent.SchemaRegistry;
using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Schemas;
using static OrderFulfillment.EmbeddedSchemaRegistry.Tests.Registry;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

/// <summary>
/// The platform's own schemas, registered as the services will: every version in order, under each topic's mode.
/// </summary>
public sealed class PlatformSchemaTests
{
    [Test]
    public async Task Every_topic_takes_every_version_of_its_contract_under_its_own_mode()
    {
        await using var registry = await EmbeddedSchemaRegistryServer.StartAsync();
        using var client = Client(registry.Url);
        var schemas = SchemaFolder.LoadEmbedded(typeof(Topics).Assembly).ToLookup(s => s.Contract);

        foreach (var topic in Topics.All)
        {
            var versions = schemas[topic.MessageType.Name].ToList();
            versions.Should().NotBeEmpty($"{topic.Name} carries {topic.MessageType.Name}");
            await client.UpdateCompatibilityAsync(Enum.Parse<Compatibility>(topic.Compatibility.ToString()),
                topic.ValueSubject);

            var ids = new List<int>();
            foreach (var version in versions)
            {
                ids.Add(await client.RegisterSchemaAsync(topic.ValueSubject, AvroSchema(version.Text)));
            }

            (await client.GetSubjectVersionsAsync(topic.ValueSubject)).Should().HaveCount(versions.Count, topic.Name);
            using var restarted = Client(registry.Url);
            (await restarted.RegisterSchemaAsync(topic.ValueSubject, AvroSchema(versions[0].Text)))
                .Should().Be(ids[0], "a service starting on an older version finds it registered");
        }
    }
}
