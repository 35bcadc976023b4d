namespace OrderFulfillment.Benchmarks;

internal static class Percentile
{
    /// <summary>
    /// Nearest-rank percentile of ascending <paramref name="sorted"/> values; NaN when there are none.
    /// </summary>
    public static double Of(IReadOnlyList<double> sorted, double percent) =>
        sorted.Count == 0 ? double.NaN
        : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The median, for an odd or even number of runs.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
