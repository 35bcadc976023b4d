using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// The summary table (median with min and max over runs) and the raw results, printed and written to
/// benchmarks/results/.
/// </summary>
internal sealed record ResultsReport(string Command, MachineInfo Machine, IReadOnlyList<PostgresSettings> Postgres,
    TimeSpan Elapsed, int? MaxOrders, IReadOnlyList<ScenarioResult> Results)
{
    // The processes whose memory the issue's target (250 MB each under load) is about.
    private static readonly string[] Services = [.. ServiceCatalogue.All.Select(s => s.Key)];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // A scenario in which no order ended has no latency: NaN, rather than no results file.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToMarkdown()
    {
        var runs = Results.Select(r => r.Run).Distinct().Count();
        var text = new StringBuilder();
        if (MaxOrders is { } max)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"**Smoke test:** `--orders {max}` ran every scenario with at most {max} orders. These figures are " +
                $"not comparable with full runs.").AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{Command}`").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine}").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture,
                $"Server: {string.Join("; ", Postgres.Select(p => p.ToString()).Distinct())}").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture,
                $"{runs} run(s), each on a fresh platform; took {Elapsed:hh\\:mm\\:ss}. Median (min–max) over the " +
                $"runs.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture,
                $"| scenario | orders/s | p50 latency | p95 latency | p99 latency | commits/order | CPU ms/order | " +
                $"peak RSS MiB {string.Join(" / ", Services)} | exactly once | as planned | stock conserved |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (scenario, results) in ByScenario())
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `{scenario.Name}`: {scenario.Title} | {Spread(results, r => r.OrdersPerSecond, Rate)} | " +
                $"{Spread(results, r => r.P50Ms, Duration)} " +
                $"| {Spread(results, r => r.P95Ms, Duration)} | {Spread(results, r => r.P99Ms, Duration)} " +
                $"| {Spread(results, r => r.CommitsPerOrder, Rate)} | {Spread(results, r => r.CpuMsPerOrder, Rate)} " +
                $"| {string.Join(" / ", Services.Select(p => Mebibytes(PeakRss(results, p))))} | " +
                $"{Passes(results, r => r.Outcomes.ExactlyOnce)} " +
                $"| {Passes(results, r => r.Outcomes.AsPlanned)} | {Passes(results, r => r.StockConserved)} |");
        }

        AppendCosts(text);
        text.AppendLine()
            .AppendLine(
                "Orders/s: orders that ended / (last final event − first submit). Latency: from just before the POST " +
                "to the final event's")
            .AppendLine(
                "occurredAt. Commits/order: xact_commit of the four databases over the scenario, background work " +
                "included. CPU ms/order:")
            .AppendLine(
                "all the platform's processes and the client, from /proc. Peak RSS: the highest resident memory of " +
                "each service during the")
            .AppendLine(
                "scenario (VmHWM reset at its start, VmRSS sampled every 250 ms), the highest of the runs. Exactly " +
                "once: one final event")
            .AppendLine(
                "per order, none missing. As planned: the 10 % above the payment limit cancelled with " +
                "payment_failed, the rest completed;")
            .AppendLine(
                "in the flash sale, which has no declined orders, each order completed or ended out_of_stock and " +
                "exactly the seeded")
            .AppendLine(
                "units sold. Stock conserved: nothing reserved, available + reserved + shipped as seeded, shipped = " +
                "units of the completed orders.")
            .AppendLine().AppendLine("Per run:").AppendLine();
        foreach (var result in Results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {result}");
        }

        return text.ToString();
    }

    /// <summary>Writes <c>benchmarks/results/{name}.md</c> and <c>{name}.json</c>.</summary>
    public async Task WriteAsync(string name, CancellationToken cancellationToken)
    {
        var markdown = Path.Combine(RepositoryPaths.Results, name + ".md");
        await File.WriteAllTextAsync(markdown, "# Benchmark results\n\n" + ToMarkdown(), cancellationToken);
        var json = Path.Combine(RepositoryPaths.Results, name + ".json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(this, Json) + "\n", cancellationToken);
        Console.WriteLine($"Written to {markdown} and {json}.");
    }

    /// <summary>
    /// Medians of what an order cost, by database and by process, and the highest memory of each platform process:
    /// where the time went.
    /// </summary>
    private void AppendCosts(StringBuilder text)
    {
        string[] databases = [.. ServiceCatalogue.Databases];
        string[] processes = [.. Services, "postgres", "kafka", "client"];
        string[] resident = [.. Services, "kafka"];
        var columns = databases.Length + processes.Length + 3 + resident.Length;
        text.AppendLine()
            .AppendLine(
                "Cost per order (medians): commits by database, WAL flushes, CPU milliseconds by process, the share " +
                "of the machine's CPU in use,")
            .AppendLine("and the peak resident memory of each platform process in MiB (the highest of the runs).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture,
                $"| scenario | {string.Join(" | ", databases.Select(d => $"commits {d}"))} | WAL flushes | " +
                $"{string.Join(" | ", processes.Select(p => $"CPU ms {p}"))} | CPU ms total | CPU busy | " +
                $"{string.Join(" | ", resident.Select(p => $"RSS MiB {p}"))} |")
            .AppendLine(CultureInfo.InvariantCulture,
                $"|---|{string.Concat(Enumerable.Repeat("---|", columns))}");
        foreach (var (scenario, results) in ByScenario())
        {
            var cells =
                databases.Select(d => Median(results, r => (double)r.Usage.Commits.GetValueOrDefault(d) / r.Orders))
                .Append(Median(results, r => r.WalSyncsPerOrder))
                .Concat(processes.Select(p =>
                    Median(results, r => r.Usage.CpuSeconds.GetValueOrDefault(p) * 1000 / r.Orders)))
                .Append(Median(results, r => r.CpuMsPerOrder))
                .Select(Rate)
                .Append(Median(results, r => r.Usage.CpuBusy).ToString("P0", CultureInfo.InvariantCulture))
                .Concat(resident.Select(p => Mebibytes(PeakRss(results, p))));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `{scenario.Name}`: {scenario.Title} | {string.Join(" | ", cells)} |");
        }
    }

    // In the order the runs ran them; with --orders the titles show the orders actually run.
    private IEnumerable<(Scenario Scenario, List<ScenarioResult> Results)> ByScenario() =>
        Scenario.All
            .Select(s => (s.LimitedTo(MaxOrders), Results.Where(r => r.Scenario == s.Name).ToList()))
            .Where(s => s.Item2.Count > 0);

    // The worst run, since a memory limit is about the worst case; NaN if the process was not found.
    private static double PeakRss(List<ScenarioResult> results, string process) =>
        results.Max(r => r.Usage.PeakRssMiB.TryGetValue(process, out var peak) ? peak : double.NaN);

    private static string Mebibytes(double value) => double.IsNaN(value) ? "–"
        : value.ToString("0", CultureInfo.InvariantCulture);

    private static string Spread(List<ScenarioResult> results, Func<ScenarioResult, double> metric,
        Func<double, string> format)
    {
        var values = results.Select(metric).ToList();
        return values.Count == 1
            ? format(values[0])
            : $"{format(Percentile.Median(values))} ({format(values.Min())}–{format(values.Max())})";
    }

    private static double Median(List<ScenarioResult> results, Func<ScenarioResult, double> metric) =>
        Percentile.Median(results.Select(metric));

    private static string Passes(List<ScenarioResult> results, Func<ScenarioResult, bool> check) =>
        $"{(results.All(check) ? "passed" : "FAILED")} {results.Count(check)}/{results.Count}";

    private static string Rate(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Duration(double milliseconds) => milliseconds < 10_000
        ? milliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms"
        : (milliseconds / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
