using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrderFulfillment.Contracts.Tests.Deployment;

/// <summary>The stages of a Dockerfile and the ENTRYPOINT and HEALTHCHECK lines of each.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyDictionary<string, string> targets) => Targets = targets;

    /// <summary>Each stage's text (its FROM line up to the next), by its name.</summary>
    public IReadOnlyDictionary<string, string> Targets { get; }

    public static Dockerfile Load(string path)
    {
        var text = File.ReadAllText(path).Replace("\\\n", " ", StringComparison.Ordinal);
        var stages = Stage().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Value);
        return new Dockerfile(stages);
    }

    /// <summary>The exec form of an instruction (<c>ENTRYPOINT ["dotnet", "x.dll"]</c>) in a stage, or null.</summary>
    public static string[]? ExecForm(string stage, string instruction) =>
        Regex.Match(stage, $@"^{instruction}\s+(?:--\S+\s+)*(?:CMD\s+)?(?<json>\[.*\])\s*$",
            RegexOptions.Multiline) is { Success: true } m
            ? JsonSerializer.Deserialize<string[]>(m.Groups["json"].Value)
            : null;

    [GeneratedRegex(@"^FROM \S+ AS (?<name>[a-z-]+)$.*?(?=^FROM |\z)",
        RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Stage();
}
