using FluentAssertions;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.Contracts.Tests;

/// <summary>
/// docker/schema-registry/subjects.tsv, from which a release registers the schemas, says what Topics.cs says.
/// </summary>
public sealed class SchemaSubjectsFileTests
{
    [Test]
    public void The_registration_file_lists_every_topic_with_its_subject_contract_and_mode()
    {
        var lines = File.ReadAllLines(Path.Combine(TopicCatalogueTests.RepositoryRoot(), "docker", "schema-registry",
            "subjects.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .ToList();

        lines.Should().OnlyContain(columns => columns.Length == 4, "every line has four tab-separated columns");
        lines.Select(c => (Topic: c[0], Subject: c[1], Contract: c[2], Mode: c[3])).Should().BeEquivalentTo(
            Topics.All.Select(t => (Topic: t.Name, Subject: t.ValueSubject, Contract: t.MessageType.Name,
                Mode: t.Compatibility.ToRegistryName())));
    }
}
