using System.Globalization;
using FluentAssertions;
using OrderFulfillment.Contracts.Tests.Services;

namespace OrderFulfillment.Contracts.Tests.SourceLayout;

/// <summary>
/// No hand-written source line is longer than .editorconfig's <c>max_line_length</c>: every file of the kinds it
/// names below the folders that hold source, scripts and tests. Lines are counted in characters (Unicode scalar
/// values), as an editor's column counts them.
/// </summary>
public sealed class LineLengthTests
{
    private static readonly string[] SourceFolders = ["src", "tests", "benchmarks", "docker", ".ci"];

    [Test]
    public void The_rule_is_read_from_editorconfig_with_its_kinds_and_the_generated_migrations_exempt()
    {
        var rule = Rule();

        rule.Limit.Should().BePositive();
        rule.Kinds.Should().Contain(["cs", "js", "sh", "py"]);
        rule.ExemptFolders.Should().Equal("Migrations");
    }

    [Test]
    public void No_source_line_is_longer_than_the_editorconfig_limit()
    {
        var rule = Rule();
        var root = TopicCatalogueTests.RepositoryRoot();

        var files = SourceFiles.Below(root, SourceFolders, rule).ToList();
        var tooLong = files.SelectMany(file => LongLines(root, file, rule.Limit)).ToList();

        files.Should().Contain(["src/OrderFulfillment.Orchestrator/Program.cs", ".ci/run"],
            "the walk finds the source");
        // Joined, so that the failure lists every line, not the first.
        string.Join(Environment.NewLine, tooLong).Should().BeEmpty(
            $"no line may be longer than {rule.Limit} characters (max_line_length in .editorconfig); " +
            $"wrap these {tooLong.Count}");
    }

    [Test]
    public void A_line_one_character_over_the_limit_is_reported_with_its_place_and_length()
    {
        var root = Directory.CreateTempSubdirectory("line-length-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "Sample.cs"),
                $"ok\n{new string('x', 120)}\n{new string('y', 121)}\r\n");

            LongLines(root, "Sample.cs", 120).Should().Equal("Sample.cs:3 (121 characters)");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static LineLengthRule Rule() => LineLengthRule.Parse(RepositoryFile.Read(".editorconfig").Text);

    private static IEnumerable<string> LongLines(string root, string file, int limit) =>
        File.ReadAllText(Path.Combine(root, file)).Split('\n')
            .Select((line, index) => (Number: index + 1, Length: line.TrimEnd('\r').EnumerateRunes().Count()))
            .Where(line => line.Length > limit)
            .Select(line => string.Create(CultureInfo.InvariantCulture,
                $"{file}:{line.Number} ({line.Length} characters)"));
}
