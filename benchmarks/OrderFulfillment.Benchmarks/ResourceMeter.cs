using System.Diagnostics;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// What a scenario cost the machine: wall time, CPU and peak memory by component, commits by database, WAL flushes,
/// load.
/// </summary>
internal sealed record ResourceUsage(
    double Seconds,
    IReadOnlyDictionary<string, double> CpuSeconds,
    IReadOnlyDictionary<string, double> PeakRssMiB,
    IReadOnlyDictionary<string, long> Commits,
    long WalSyncs,
    double LoadAverageBefore,
    double LoadAverageAfter)
{
    /// <summary>The share of the machine's CPU time the platform and the client used; near 1 means CPU-bound.</summary>
    public double CpuBusy => CpuSeconds.Values.Sum() / (Seconds * Environment.ProcessorCount);
}

/// <summary>Reads the counters when a scenario starts and again when it is over.</summary>
internal sealed class ResourceMeter
{
    // pg_stat_database lags a backend's commits by up to a second (stats are flushed when it goes idle, at most once a
    // second).
    private static readonly TimeSpan StatisticsFlush = TimeSpan.FromSeconds(2);

    private readonly PlatformProbe _probe;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, double> _cpu;
    private readonly DatabaseCounters _database;
    private readonly PeakMemory _memory;
    private readonly double _load = LoadAverage.OneMinute();

    private ResourceMeter(PlatformProbe probe, DatabaseCounters database)
    {
        _probe = probe;
        _database = database;
        _cpu = ProcessCpu.Snapshot(probe.AppHostPid, probe.PostmasterPid);
        _memory = PeakMemory.Start(probe.AppHostPid);
    }

    public static async Task<ResourceMeter> Start(PlatformProbe probe, CancellationToken cancellationToken) =>
        new(probe, await DatabaseCounters.Read(probe.ConnectionString, cancellationToken));

    public async Task<ResourceUsage> Stop(CancellationToken cancellationToken)
    {
        var peakRss = await _memory.Stop();
        await Task.Delay(StatisticsFlush, cancellationToken);
        var database = (await DatabaseCounters.Read(_probe.ConnectionString, cancellationToken)).Since(_database);
        var cpu = ProcessCpu.Since(_cpu, ProcessCpu.Snapshot(_probe.AppHostPid, _probe.PostmasterPid));
        return new ResourceUsage(_clock.Elapsed.TotalSeconds, cpu, peakRss, database.CommitsByDatabase,
            database.WalSyncs, _load, LoadAverage.OneMinute());
    }
}
