using System.Globalization;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// CPU seconds used so far by each part of the platform, from /proc: the AppHost's children by their program,
/// PostgreSQL as its postmaster with every backend (live ones, and exited ones through the postmaster's children
/// time), and the benchmark client itself. The difference of two snapshots shows where the CPU went.
/// </summary>
internal static class ProcessCpu
{
    // USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private const string OtherComponent = "other";

    private static readonly (string Program, string Component)[] Programs =
    [
        .. ServiceCatalogue.All.Select(s => (s.Project + ".dll", s.Key)),
        ("OrderFulfillment.EmbeddedKafka.Host.dll", "kafka"),
    ];

    public static Dictionary<string, double> Snapshot(int appHostPid, int postmasterPid)
    {
        var processes = ReadAll();
        var cpu = new Dictionary<string, double>
        {
            ["apphost"] = processes.GetValueOrDefault(appHostPid).Own,
            ["client"] = processes.GetValueOrDefault(Environment.ProcessId).Own,
            ["postgres"] =
                processes.GetValueOrDefault(postmasterPid).Own + processes.GetValueOrDefault(postmasterPid).Children
                + processes.Where(p => p.Value.Parent == postmasterPid).Sum(p => p.Value.Own),
        };
        foreach (var (pid, process) in processes.Where(p => p.Value.Parent == appHostPid))
        {
            var component = Component(pid);
            cpu[component] = cpu.GetValueOrDefault(component) + process.Own + process.Children;
        }

        return cpu;
    }

    /// <summary>
    /// The AppHost's children that run one of the platform's programs (the services and the Kafka host), by component.
    /// </summary>
    public static IReadOnlyList<(int Pid, string Component)> PlatformProcesses(int appHostPid) =>
        [.. ReadAll().Where(p => p.Value.Parent == appHostPid).Select(p => (p.Key, Component(p.Key)))
            .Where(p => p.Item2 != OtherComponent)];

    public static int ParentOf(int pid) => ReadAll()[pid].Parent;

    public static Dictionary<string, double> Since(Dictionary<string, double> before,
        Dictionary<string, double> after) =>
        after.ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key));

    private static string Component(int pid)
    {
        var commandLine = TryRead($"/proc/{pid}/cmdline") ?? string.Empty;
        return Programs.FirstOrDefault(p => commandLine.Contains(p.Program, StringComparison.Ordinal)).Component
            ?? OtherComponent;
    }

    private static Dictionary<int, (int Parent, double Own, double Children)> ReadAll()
    {
        var processes = new Dictionary<int, (int, double, double)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryRead(Path.Combine(directory, "stat")) is { } stat)
            {
                // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                processes[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture),
                    (Ticks(fields[11]) + Ticks(fields[12])) / TicksPerSecond,
                    (Ticks(fields[13]) + Ticks(fields[14])) / TicksPerSecond);
            }
        }

        return processes;
    }

    private static long Ticks(string field) => long.Parse(field, CultureInfo.InvariantCulture);

    /// <summary>The file's text, or null when the process it belongs to has exited since /proc was listed.</summary>
    public static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
