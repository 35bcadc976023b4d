using System.Text.RegularExpressions;

namespace OrderFulfillment.Contracts.Tests.Services.Template;

/// <summary>
/// "Using Shipping as the template for a new worker" in src/OrderFulfillment.Shipping/README.md: its rename table,
/// which <see cref="NewWorker"/> applies as written, and the paths it names.
/// </summary>
internal sealed partial class TemplateChecklist
{
    public const string Path = "src/OrderFulfillment.Shipping/README.md";

    private const string Heading = "## Using Shipping as the template for a new worker";

    private TemplateChecklist(string text) => Text = text;

    public string Text { get; }

    /// <summary>The rename table's rows, in order: a name of the service in the copied files, its new one.</summary>
    public IReadOnlyList<(string From, string To)> Renames =>
        [.. RenameRow().Matches(Text).Select(m => (m.Groups["from"].Value, m.Groups["to"].Value))];

    /// <summary>The commands of step 5, which start the new worker's migrations, without <c>dotnet</c>.</summary>
    public IReadOnlyList<string[]> MigrationCommands
    {
        get
        {
            var block = CommandBlock().Match(Text[Text.IndexOf("\n5. ", StringComparison.Ordinal)..]);
            Assert.That(block.Success, $"{Path}: step 5 has no sh block");
            var lines = block.Groups["commands"].Value.Split('\n',
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return [.. lines.Select(line => line.Split(' ')[1..])];
        }
    }

    /// <summary>Every text the checklist quotes as code in its prose (paths, names, lines); not its commands.</summary>
    public IReadOnlyList<string> Quoted =>
        [.. Code().Matches(CommandBlock().Replace(Text, "")).Select(m => m.Groups["code"].Value)];

    public static TemplateChecklist Read()
    {
        var readme = RepositoryFile.Read(Path).Text;
        var start = readme.IndexOf(Heading, StringComparison.Ordinal);
        Assert.That(start, Is.Not.Negative, $"{Path} has no section \"{Heading}\"");
        var end = readme.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        return new TemplateChecklist(end < 0 ? readme[start..] : readme[start..end]);
    }

    /// <summary>
    /// Whether the checklist names <paramref name="path"/> or a project folder holding it, as
    /// <c>src/OrderFulfillment.Returns</c>; a bare word (<c>`src`</c>) is no path.
    /// </summary>
    public bool Names(string path) => Quoted.Where(q => q.Contains('/', StringComparison.Ordinal) || q.Contains('.'))
        .Any(q => path == q || path.StartsWith(q + "/", StringComparison.Ordinal));

    [GeneratedRegex(@"^\s*\| `(?<from>[\w.]+)` \| `(?<to>[\w.]+)`", RegexOptions.Multiline)]
    private static partial Regex RenameRow();

    [GeneratedRegex("```sh\n(?<commands>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CommandBlock();

    [GeneratedRegex("`(?<code>[^`\n]+)`")]
    private static partial Regex Code();
}
