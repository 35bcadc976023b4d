using System.Globalization;
using System.Text.RegularExpressions;

namespace OrderFulfillment.Contracts.Tests.SourceLayout;

/// <summary>
/// The line-length rule as the repository's .editorconfig states it, so the number lives there alone: the one section
/// that sets <c>max_line_length</c> to a number gives the limit and, in its glob (<c>[*.{cs,js,sh,py}]</c>), the kinds
/// of file it holds for; each <c>[**/{folder}/...]</c> section that sets it to <c>off</c> names a folder of generated
/// files it does not hold in.
/// </summary>
internal sealed partial record LineLengthRule(int Limit, IReadOnlySet<string> Kinds, IReadOnlySet<string> ExemptFolders)
{
    private const string Property = "max_line_length";

    public static LineLengthRule Parse(string editorConfig)
    {
        var sections = Sections(editorConfig);
        var limited = sections.Where(s => int.TryParse(s.Value.GetValueOrDefault(Property), out _)).ToList();
        if (limited.Count != 1)
        {
            throw new InvalidOperationException(
                $".editorconfig: one section must set {Property} to a number; {limited.Count} do.");
        }

        var (glob, properties) = limited[0];
        var kinds = KindsGlob().Match(glob);
        if (!kinds.Success)
        {
            throw new InvalidOperationException($".editorconfig: [{glob}] is not of the form [*.{{cs,js}}] or [*.cs].");
        }

        var exempt = sections
            .Where(s => s.Value.GetValueOrDefault(Property) == "off")
            .Select(s => FolderGlob().Match(s.Key))
            .Where(m => m.Success)
            .Select(m => m.Groups["folder"].Value);
        return new LineLengthRule(int.Parse(properties[Property], CultureInfo.InvariantCulture),
            kinds.Groups["kinds"].Value.Split(',').ToHashSet(StringComparer.Ordinal),
            exempt.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Each section's glob with its properties, in the order the file gives them.</summary>
    private static List<KeyValuePair<string, Dictionary<string, string>>> Sections(string editorConfig)
    {
        var sections = new List<KeyValuePair<string, Dictionary<string, string>>>();
        foreach (var raw in editorConfig.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                sections.Add(new(line[1..^1], new Dictionary<string, string>(StringComparer.Ordinal)));
            }
            else if (sections.Count > 0 && line.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
            {
                sections[^1].Value[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return sections;
    }

    [GeneratedRegex(@"^\*\.(\{(?<kinds>[a-z0-9,]+)\}|(?<kinds>[a-z0-9]+))$")]
    private static partial Regex KindsGlob();

    [GeneratedRegex(@"^\*\*/(?<folder>[^/*{}\[\]]+)/")]
    private static partial Regex FolderGlob();
}
