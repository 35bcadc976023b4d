using System.Globalization;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// The command line: <c>[--scenario all|NAME[,NAME...]] [--runs 3] [--orders N] [--output NAME]</c>. With
/// <c>--orders</c> every scenario, the warm-up included, runs at most N orders: a smoke test whose figures are not
/// comparable with full runs, so its results go to <c>smoke.md</c> and <c>smoke.json</c> unless <c>--output</c> says
/// otherwise.
/// </summary>
internal sealed record BenchmarkOptions(IReadOnlyList<Scenario> Scenarios, Scenario Warmup, int Runs, int? MaxOrders,
    string Output)
{
    private static readonly string Usage =
        $"Usage: [--scenario all|NAME[,NAME...]] [--runs 3] [--orders N] [--output NAME]; scenarios: " +
        $"{string.Join(", ", Scenario.All.Select(s => s.Name))}.";

    public static BenchmarkOptions Parse(string[] args)
    {
        var scenario = "all";
        var runs = 3;
        int? maxOrders = null;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1]
                : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--scenario":
                    scenario = value;
                    break;
                case "--runs":
                    runs = PositiveNumber(value, "--runs");
                    break;
                case "--orders":
                    maxOrders = PositiveNumber(value, "--orders");
                    break;
                case "--output":
                    output = value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                        ? value
                        : throw new ArgumentException(
                            "--output must be a file name without extension: letters, digits, '-' and '_'.");
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }

            i++;
        }

        return new BenchmarkOptions(
            [.. Chosen(scenario).Select(s => s.LimitedTo(maxOrders))],
            Scenario.Warmup.LimitedTo(maxOrders),
            runs,
            maxOrders,
            output ?? (maxOrders is null ? "latest" : "smoke"));
    }

    // Always in the order of Scenario.All, whatever the order on the command line: the paced scenarios go first.
    private static List<Scenario> Chosen(string list)
    {
        if (list == "all")
        {
            return [.. Scenario.All];
        }

        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = names.Where(n => Scenario.All.All(s => s.Name != n)).ToList();
        return unknown.Count > 0 || names.Length == 0
            ? throw new ArgumentException($"Unknown scenario '{string.Join(", ", unknown)}'. {Usage}")
            : [.. Scenario.All.Where(s => names.Contains(s.Name))];
    }

    private static int PositiveNumber(string value, string option) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ArgumentException($"{option} must be a positive whole number.");
}
