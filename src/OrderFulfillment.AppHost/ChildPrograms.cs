using System.Reflection;

namespace OrderFulfillment.AppHost;

/// <summary>
/// The programs the AppHost runs as child processes: where they are built, and the dotnet that runs them.
/// </summary>
internal static class ChildPrograms
{
    /// <summary>Checks that the programs registered under these keys are built, before anything is started.</summary>
    /// <exception cref="PlatformStartException">One is missing; the message names it and how to build it.</exception>
    public static void ThrowIfNotBuilt(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            if (PathOf(key) is var path && !File.Exists(path))
            {
                throw new PlatformStartException(
                    $"{key} is not built ({Path.GetFullPath(path)} is missing); run 'dotnet build' first.");
            }
        }
    }

    /// <summary>The built program registered as <c>ChildProcess:{key}</c> in this assembly's metadata.</summary>
    public static string PathOf(string key) =>
        typeof(ChildPrograms).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "ChildProcess:" + key)?.Value
        ?? throw new InvalidOperationException($"No program is registered as ChildProcess:{key}.");

    /// <summary>
    /// The dotnet that runs this AppHost when there is one (run as <c>dotnet OrderFulfillment.AppHost.dll</c>), then
    /// DOTNET_ROOT's, then whichever PATH finds: a PATH without dotnet should not stop a started AppHost.
    /// </summary>
    public static string DotnetHost()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var underRoot = root is null ? null : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return underRoot is not null && File.Exists(underRoot) ? underRoot : "dotnet";
    }
}
