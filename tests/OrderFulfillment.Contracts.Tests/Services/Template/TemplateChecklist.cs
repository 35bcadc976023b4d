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

    /// <summary>Every text the checklist quotes as code: paths, names, lines.</summary>
    public IReadOnlyList<string> Quoted => [.. Code().Matches(Text).Select(m => m.Groups["code"].Value)];

    public static TemplateChecklist Read()
    {
        var readme = RepositoryFile.Read(Path).Text;
        var start = readme.IndexOf(Heading, StringComparison.Ordinal);
        Assert.That(start, Is.Not.Negative, $"{Path} has no section \"{Heading}\"");
        var end = readme.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        return new TemplateChecklist(end < 0 ? readme[start..] : readme[start..end]);
    }

    /// <summary>Whether the checklist names <paramref name="path"/> or a folder holding it.</summary>
    public bool Names(string path) => Quoted.Any(q => path == q || path.StartsWith(q + "/", StringComparison.Ordinal));

    [GeneratedRegex(@"^\s*\| `(?<from>[\w.]+)` \| `(?<to>[\w.]+)`", RegexOptions.Multiline)]
    private static partial Regex RenameRow();

    [GeneratedRegex("`(?<code>[^`\n]+)`")]
    private static partial Regex Code();
}
