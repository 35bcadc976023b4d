using Avro;
using FluentAssertions;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.Contracts.Tests;

/// <summary>
/// The C# contracts and their schemas agree field by field: every topic's message type and the latest version of its
/// schema have the same fields, types, nullability and defaults. The schemas are the source of truth; a change to a
/// record without a new schema version (or the reverse) fails here.
/// </summary>
public sealed class ContractSchemaAgreementTests
{
    private static readonly IReadOnlyList<VersionedSchema> Embedded =
        SchemaFolder.LoadEmbedded(typeof(Topics).Assembly);

    private static IEnumerable<TestCaseData> TopicsAndContracts() =>
        Topics.All.Select(t => new TestCaseData(t).SetArgDisplayNames(t.Name));

    [TestCaseSource(nameof(TopicsAndContracts))]
    public void The_message_type_agrees_with_the_latest_schema_of_its_contract(TopicDefinition topic)
    {
        var latest = Embedded.Where(s => s.Contract == topic.MessageType.Name).MaxBy(s => s.Version);

        latest.Should().NotBeNull($"{topic.MessageType.Name} needs Schemas/{topic.MessageType.Name}/v1.avsc");
        ContractRecordMapper.Disagreements(topic.MessageType, (RecordSchema)latest!.Schema).Should().BeEmpty();
    }

    [TestCaseSource(nameof(TopicsAndContracts))]
    public void The_message_says_the_version_of_its_latest_schema(TopicDefinition topic)
    {
        var message =
            (IOrderMessage)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(topic.MessageType);

        message.Version.Should().Be(Embedded.Where(s => s.Contract == topic.MessageType.Name).Max(s => s.Version));
    }

    [Test]
    public void Every_schema_folder_is_the_contract_of_a_topic()
    {
        Embedded.Select(s => s.Contract).Distinct().Should().BeEquivalentTo(Topics.All.Select(t => t.MessageType.Name));
    }

    [Test]
    public void The_embedded_schemas_are_the_checked_in_files()
    {
        var folder = SchemaFolder.Load(Path.Combine(TopicCatalogueTests.RepositoryRoot(), "src",
            "OrderFulfillment.Contracts", "Schemas"));

        Embedded.Select(s => (s.Contract, s.Version, s.Text))
            .Should().Equal(folder.Select(s => (s.Contract, s.Version, s.Text)));
    }
}
