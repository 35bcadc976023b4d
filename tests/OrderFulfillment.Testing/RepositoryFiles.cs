namespace OrderFulfillment.Testing;

/// <summary>Files of this repository's checkout (docs, scripts), found from the test assembly's folder.</summary>
public static class RepositoryFiles
{
    /// <summary>The checkout's root: the nearest folder above the test assembly holding OrderFulfillment.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path under <see cref="Root"/>, e.g. <c>Path("docs", "topics.md")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null
            && !File.Exists(System.IO.Path.Combine(directory.FullName, "OrderFulfillment.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above "
            + AppContext.BaseDirectory);
    }
}
