using System.Globalization;

namespace OrderFulfillment.Benchmarks;

/// <summary>The command line: <c>[--scenario burst|rate50|rate100|all] [--runs 3]</c>.</summary>
internal sealed record BenchmarkOptions(IReadOnlyList<Scenario> Scenarios, int Runs)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var scenario = "all";
        var runs = 3;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--scenario":
                    scenario = value;
                    break;
                case "--runs":
                    runs = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                        ? parsed
                        : throw new ArgumentException("--runs must be a positive whole number.");
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [--scenario burst|rate50|rate100|all] [--runs 3]");
            }

            i++;
        }

        var scenarios = scenario == "all"
            ? Scenario.All
            : Scenario.All.Where(s => s.Name == scenario).ToList() is { Count: 1 } one
                ? one
                : throw new ArgumentException($"Unknown scenario '{scenario}'; use one of {string.Join(", ", Scenario.All.Select(s => s.Name))} or all.");
        return new BenchmarkOptions(scenarios, runs);
    }
}
