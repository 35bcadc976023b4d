using System.Globalization;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// The 1-minute load average, recorded around each scenario: the machine may be shared, and a high figure says
/// the measurement competed with other work.
/// </summary>
internal static class LoadAverage
{
    public static double OneMinute() =>
        File.Exists("/proc/loadavg")
            ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture)
            : double.NaN;
}
