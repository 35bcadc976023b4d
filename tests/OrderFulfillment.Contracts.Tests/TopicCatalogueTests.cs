using System.Text.RegularExpressions;
using FluentAssertions;

namespace OrderFulfillment.Contracts.Tests;

public sealed partial class TopicCatalogueTests
{
    [Test]
    public void Topic_names_follow_service_aggregate_event()
    {
        Topics.All.Should().OnlyContain(t => TopicName().IsMatch(t.Name));
        Topics.All.Select(t => t.Name).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void The_docker_provisioning_script_creates_exactly_the_catalogued_topics_with_their_retention()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), "docker", "kafka", "create-topics.sh"));
        var provisioned =
            ScriptEntry().Matches(script).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["retention"].Value);

        provisioned.Keys.Should().BeEquivalentTo(Topics.All.Select(t => t.Name));
        foreach (var topic in Topics.All)
        {
            provisioned[topic.Name].Should()
                .Be(topic.Retention == RetentionClass.Audit ? "audit_ms" : "transactional_ms", topic.Name);
        }
    }

    [Test]
    public void The_topic_reference_lists_every_catalogued_topic_with_its_partitions_and_retention()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "topics.md"));
        var documented =
            DocsRow().Matches(page)
                .ToDictionary(m => m.Groups["name"].Value, m => (Partitions: int.Parse(m.Groups["partitions"].Value,
                    System.Globalization.CultureInfo.InvariantCulture), Retention: m.Groups["retention"].Value));

        documented.Keys.Should().BeEquivalentTo(Topics.All.Select(t => t.Name));
        foreach (var topic in Topics.All)
        {
            documented[topic.Name].Should().Be((topic.Partitions,
                topic.Retention == RetentionClass.Audit ? "audit" : "transactional"), topic.Name);
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrderFulfillment.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above "
            + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^[a-z]+\.[a-z]+\.[a-z-]+$")]
    private static partial Regex TopicName();

    [GeneratedRegex(@"^\| `(?<name>[a-z]+\.[a-z]+\.[a-z-]+)` \| (?<partitions>\d+) \| order id \| (?<retention>\w+) \|",
        RegexOptions.Multiline)]
    private static partial Regex DocsRow();

    [GeneratedRegex(@"""(?<name>[a-z]+\.[a-z]+\.[a-z-]+)\s+\$(?<retention>\w+)""")]
    private static partial Regex ScriptEntry();
}
