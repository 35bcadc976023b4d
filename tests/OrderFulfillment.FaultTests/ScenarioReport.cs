using System.Globalization;
using System.Text;

namespace OrderFulfillment.FaultTests;

/// <summary>
/// The reliability table of docs/reliability.md, rewritten after every scenario so a cut-short run still leaves one.
/// </summary>
internal static class ScenarioReport
{
    public static void Write(string path, IReadOnlyList<ScenarioResult> results, string header)
    {
        var text = new StringBuilder(header).AppendLine().AppendLine()
            .AppendLine(
                "| scenario | orders | completed | cancelled by reason | dead letters | longest recovery | " +
                "invariants held |")
            .AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Orders} | {r.Completed} | {Counts(r.CancelledByReason)} | " +
                $"{Counts(r.DeadLettersByReason)} | ")
                .Append(Recovery(r)).Append(" | ")
                .Append(r.Violations.Count == 0 ? "yes" : $"**no** ({r.Violations.Count})").AppendLine(" |");
        }

        text.AppendLine();
        foreach (var r in results.Where(r => r.Violations.Count > 0 || r.Notes.Count > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- **{r.Name}**:");
            foreach (var v in r.Violations)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {v}");
            }

            foreach (var n in r.Notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - note: {n}");
            }
        }

        File.WriteAllText(path, text.ToString());
    }

    private static string Counts(SortedDictionary<string, int> counts) =>
        counts.Count == 0 ? "0" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));

    private static string Recovery(ScenarioResult r)
    {
        var quiet = r.Recovery is { } recovery ? $"quiet {recovery.TotalSeconds:0.0} s" : "never quiet";
        return r.ConsumingAgain is { } again ? $"consuming {again.TotalSeconds:0.0} s after start; {quiet}" : quiet;
    }
}
