namespace OrderFulfillment.Contracts.Tests.Services;

/// <summary>A file of the repository as text, named by its path from the root, as failure messages name it.</summary>
internal sealed record RepositoryFile(string Path, string Text)
{
    public static RepositoryFile Read(string path) =>
        new(path, File.ReadAllText(System.IO.Path.Combine(TopicCatalogueTests.RepositoryRoot(), path)));

    /// <summary>The file, or null when there is none (a service whose project is still to be written).</summary>
    public static RepositoryFile? TryRead(string path) =>
        File.Exists(System.IO.Path.Combine(TopicCatalogueTests.RepositoryRoot(), path)) ? Read(path) : null;

    /// <summary>"{Path}: {change}" unless <paramref name="present"/>: a change a catalogue test asks for.</summary>
    public string? Unless(bool present, string change) => present ? null : $"{Path}: {change}";

    /// <summary>"{Path}: add {what} ({expected})" unless the file holds <paramref name="expected"/> as it is.</summary>
    public string? UnlessContains(string expected, string what) =>
        Unless(Text.Contains(expected, StringComparison.Ordinal), $"add {what} ({expected})");
}
