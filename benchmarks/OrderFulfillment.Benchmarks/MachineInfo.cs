using System.Globalization;
using System.Runtime.InteropServices;

namespace OrderFulfillment.Benchmarks;

/// <summary>Where the figures come from: they mean little without the machine.</summary>
internal sealed record MachineInfo(DateTimeOffset Date, int Processors, string Cpu, double MemoryGiB,
    string OperatingSystem, string Runtime)
{
    public static MachineInfo Read() => new(
        DateTimeOffset.UtcNow,
        Environment.ProcessorCount,
        ProcFileValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ProcFileValue("/proc/meminfo", "MemTotal") is { } total
        ? double.Parse(total.Split(' ')[0], CultureInfo.InvariantCulture) / 1024 / 1024 : 0,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    public override string ToString() =>
        $"{Processors} logical CPUs ({Cpu}), {MemoryGiB:0.0} GiB RAM, {OperatingSystem}, {Runtime}, " +
        $"{Date:yyyy-MM-dd HH:mm} UTC";

    private static string? ProcFileValue(string file, string key) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal))
                .Select(l => l.Split(':', 2)[1].Trim()).FirstOrDefault()
            : null;
}
