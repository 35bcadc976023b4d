using System.Globalization;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// The peak resident memory of each platform process (the four services and the Kafka host) during one scenario. Each
/// process's kernel high-water mark (VmHWM) is reset when the scenario starts, so it covers this scenario only, and
/// VmRSS is sampled every 250 ms besides, in case the kernel refuses the reset (then the samples are all there is).
/// </summary>
internal sealed class PeakMemory
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    private readonly IReadOnlyList<(int Pid, string Component, bool PeakReset)> _processes;
    private readonly Dictionary<int, long> _sampledPeakKiB = [];
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _sampling;

    private PeakMemory(IReadOnlyList<(int Pid, string Component)> processes)
    {
        _processes = [.. processes.Select(p => (p.Pid, p.Component, ResetPeak(p.Pid)))];
        Sample();
        _sampling = SampleUntilStopped();
    }

    /// <summary>Starts watching the platform processes of the AppHost <paramref name="appHostPid"/>.</summary>
    public static PeakMemory Start(int appHostPid) => new(ProcessCpu.PlatformProcesses(appHostPid));

    /// <summary>Stops sampling; the peak of each component in MiB (1,048,576 bytes).</summary>
    public async Task<IReadOnlyDictionary<string, double>> Stop()
    {
        _stopping.TrySetResult();
        await _sampling;
        Sample();
        return _processes
            .GroupBy(p => p.Component)
            .ToDictionary(g => g.Key, g => g.Max(p => Math.Max(_sampledPeakKiB.GetValueOrDefault(p.Pid),
                p.PeakReset ? ReadKiB(p.Pid, "VmHWM") : 0)) / 1024.0);
    }

    private async Task SampleUntilStopped()
    {
        while (await Task.WhenAny(_stopping.Task, Task.Delay(SampleInterval)) != _stopping.Task)
        {
            Sample();
        }
    }

    private void Sample()
    {
        foreach (var (pid, _, _) in _processes)
        {
            _sampledPeakKiB[pid] = Math.Max(_sampledPeakKiB.GetValueOrDefault(pid), ReadKiB(pid, "VmRSS"));
        }
    }

    // Writing 5 to clear_refs resets the process's peak RSS to its current RSS (Linux 4.0 and later); nothing else
    // changes.
    private static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // A line of /proc/<pid>/status such as "VmRSS:	  123456 kB"; 0 once the process has exited.
    private static long ReadKiB(int pid, string field) =>
        ProcessCpu.TryRead($"/proc/{pid}/status")?.Split('\n')
            .Where(line => line.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(line => long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .FirstOrDefault() ?? 0;
}
