namespace OrderFulfillment.Contracts.Tests.SourceLayout;

/// <summary>
/// The repository's hand-written source files of the kinds a rule names: found below the given folders, leaving out
/// build output (<c>bin</c>, <c>obj</c>, <c>node_modules</c>) and the rule's exempt folders. A script without an
/// extension (<c>.ci/run</c>) is of the kind its <c>#!</c> line names: sh for a shell, py for Python.
/// </summary>
internal static class SourceFiles
{
    private static readonly string[] BuildOutput = ["bin", "obj", "node_modules"];

    /// <summary>The files, as paths from the repository root with forward slashes.</summary>
    public static IEnumerable<string> Below(string root, IEnumerable<string> folders, LineLengthRule rule) =>
        folders.SelectMany(folder => Walk(Path.Combine(root, folder), rule))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> Walk(string directory, LineLengthRule rule)
    {
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => rule.Kinds.Contains(Kind(f))))
        {
            yield return file;
        }

        var skipped = BuildOutput.Concat(rule.ExemptFolders).ToHashSet(StringComparer.Ordinal);
        var children = Directory.EnumerateDirectories(directory).Where(d => !skipped.Contains(Path.GetFileName(d)));
        foreach (var child in children)
        {
            foreach (var file in Walk(child, rule))
            {
                yield return file;
            }
        }
    }

    private static string Kind(string path)
    {
        var extension = Path.GetExtension(path);
        if (extension.Length > 0)
        {
            return extension[1..];
        }

        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? string.Empty;
        return !first.StartsWith("#!", StringComparison.Ordinal) ? string.Empty
            : first.Contains("python", StringComparison.Ordinal) ? "py"
            : first.Contains("sh", StringComparison.Ordinal) ? "sh"
            : string.Empty;
    }
}
