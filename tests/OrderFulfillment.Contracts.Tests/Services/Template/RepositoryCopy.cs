using System.Diagnostics;
using OrderFulfillment.Testing;

namespace OrderFulfillment.Contracts.Tests.Services.Template;

/// <summary>
/// A throwaway copy of the repository's sources (no <c>bin</c>, <c>obj</c> or <c>.git</c>) in a temporary folder, to
/// change as a newcomer would and build there; the real tree is only read. It remembers which files it changed.
/// </summary>
internal sealed class RepositoryCopy : IDisposable
{
    private static readonly string[] Skipped = ["bin", "obj", ".git", "TestResults"];

    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    private RepositoryCopy(string root) => Root = root;

    public string Root { get; }

    /// <summary>The files created, changed or deleted, by their path from the root with forward slashes.</summary>
    public IReadOnlyCollection<string> Changed => _changed;

    public static RepositoryCopy Create()
    {
        var copy = new RepositoryCopy(Directory.CreateTempSubdirectory("worker-template-").FullName);
        CopyDirectory(TopicCatalogueTests.RepositoryRoot(), copy.Root, name => name);
        return copy;
    }

    public string Read(string path) => File.ReadAllText(FullPath(path));

    public bool Exists(string path) => File.Exists(FullPath(path));

    /// <summary>Rewrites a file; fails when <paramref name="change"/> leaves it as it was (the anchor moved).</summary>
    public void Edit(string path, Func<string, string> change)
    {
        var before = Read(path);
        var after = change(before);
        if (after == before)
        {
            Assert.Fail($"{path}: the step changed nothing; has the line it follows moved?");
        }

        File.WriteAllText(FullPath(path), after);
        _changed.Add(path);
    }

    /// <summary>Copies a folder; <paramref name="rename"/> renames each name and each source file's text.</summary>
    public void CopyFolder(string from, string to, Func<string, string> rename)
    {
        foreach (var file in CopyDirectory(FullPath(from), FullPath(to), rename))
        {
            if (Path.GetExtension(file) is ".cs" or ".csproj" or ".json" or ".md")
            {
                File.WriteAllText(file, rename(File.ReadAllText(file)));
            }

            _changed.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        }
    }

    /// <summary>Counts <paramref name="path"/> as changed by a command run in the copy.</summary>
    public void ChangedBy(string path) => _changed.Add(path);

    public void DeleteFolder(string path)
    {
        foreach (var file in Directory.EnumerateFiles(FullPath(path), "*", SearchOption.AllDirectories))
        {
            _changed.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        }

        Directory.Delete(FullPath(path), recursive: true);
    }

    /// <summary>Runs <c>dotnet</c> in the copy's root; past <paramref name="deadline"/> it is killed.</summary>
    public async Task<(int ExitCode, string Output)> DotnetAsync(TimeSpan deadline, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = Root };
        // The test host's own MSBuild and test-platform settings would steer the inner build to this one's SDK paths.
        foreach (var name in start.Environment.Keys.Where(IsHostSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        // Nothing outlives the command: no MSBuild nodes or compiler server left running after the test.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        var result = await ExternalProgram.RunAsync(start, deadline);
        return (result.ExitCode, result.Output + result.Errors);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private string FullPath(string path) => Path.Combine(Root, path);

    private static bool IsHostSetting(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase);

    private static List<string> CopyDirectory(string from, string to, Func<string, string> rename)
    {
        var copied = new List<string>();
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var target = Path.Combine(to, rename(Path.GetFileName(file)));
            File.Copy(file, target);
            copied.Add(target);
        }

        foreach (var folder in Directory.EnumerateDirectories(from).Where(d => !Skipped.Contains(Path.GetFileName(d))))
        {
            copied.AddRange(CopyDirectory(folder, Path.Combine(to, rename(Path.GetFileName(folder))), rename));
        }

        return copied;
    }
}
