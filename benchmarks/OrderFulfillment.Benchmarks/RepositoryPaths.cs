namespace OrderFulfillment.Benchmarks;

/// <summary>Where the repository, the AppHost and the results are, wherever the command is run from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string AppHostProject => Path.Combine(Root, "src", "OrderFulfillment.AppHost");

    public static string AppHostDll =>
        Path.Combine(AppHostProject, "bin", "Release", "net10.0", "OrderFulfillment.AppHost.dll");

    public static string Results => Directory.CreateDirectory(Path.Combine(Root, "benchmarks", "results")).FullName;

    public static string Logs => Directory.CreateDirectory(Path.Combine(Results, "logs")).FullName;

    private static string FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "OrderFulfillment.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            "Run the benchmark inside the repository: OrderFulfillment.sln was not found above here.");
    }
}
