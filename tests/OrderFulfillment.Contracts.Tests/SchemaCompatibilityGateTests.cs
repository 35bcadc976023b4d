using FluentAssertions;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.Contracts.Tests;

/// <summary>
/// The compatibility gate of CI: every checked-in schema version must be valid and compatible with the earlier
/// versions of its contract under its topic's mode, as the schema registry will require when they are registered.
/// </summary>
public sealed class SchemaCompatibilityGateTests
{
    private static readonly string SchemaDirectory =
        Path.Combine(TopicCatalogueTests.RepositoryRoot(), "src", "OrderFulfillment.Contracts", "Schemas");

    private static readonly Dictionary<string, CompatibilityMode> ModeByContract =
        Topics.All.ToDictionary(t => t.MessageType.Name, t => t.Compatibility);

    [Test]
    public void Every_schema_version_is_valid_and_compatible_with_the_earlier_ones_under_its_topic_mode()
    {
        var schemas = SchemaFolder.Load(SchemaDirectory);

        // An orphan folder fails its own test below; here it is still checked, under the platform's default mode.
        var problems = SchemaGate.Check(schemas, contract => ModeByContract.GetValueOrDefault(contract,
            CompatibilityMode.BackwardTransitive));

        problems.Should().BeEmpty("an incompatible schema would break the readers of its topic:{0}{1}",
            Environment.NewLine, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public void Every_topic_message_type_has_a_first_version()
    {
        var contracts = SchemaFolder.Load(SchemaDirectory).Where(s => s.Version == 1).Select(s => s.Contract);

        contracts.Should().Contain(ModeByContract.Keys);
    }

    [Test]
    public void Every_schema_folder_belongs_to_a_topic_contract()
    {
        var contracts = SchemaFolder.Load(SchemaDirectory).Select(s => s.Contract).Distinct();

        contracts.Should().OnlyContain(c => ModeByContract.ContainsKey(c),
            "a schema with no topic is registered nowhere and checked against no mode");
    }

    [Test]
    public void The_embedded_schemas_are_the_checked_in_files()
    {
        var embedded = SchemaFolder.LoadEmbedded(typeof(Topics).Assembly).Select(s => (s.Contract, s.Version, s.Text));
        var files = SchemaFolder.Load(SchemaDirectory).Select(s => (s.Contract, s.Version, s.Text));

        embedded.Should().Equal(files);
    }
}
