namespace OrderFulfillment.Schemas;

/// <summary>The registry's names of the modes: <c>BACKWARD_TRANSITIVE</c> and so on.</summary>
public static class CompatibilityModeNames
{
    private static readonly Dictionary<CompatibilityMode, string> Names = new()
    {
        [CompatibilityMode.None] = "NONE",
        [CompatibilityMode.Backward] = "BACKWARD",
        [CompatibilityMode.BackwardTransitive] = "BACKWARD_TRANSITIVE",
        [CompatibilityMode.Forward] = "FORWARD",
        [CompatibilityMode.ForwardTransitive] = "FORWARD_TRANSITIVE",
        [CompatibilityMode.Full] = "FULL",
        [CompatibilityMode.FullTransitive] = "FULL_TRANSITIVE",
    };

    /// <summary>The registry's name of <paramref name="mode"/>.</summary>
    public static string ToRegistryName(this CompatibilityMode mode) => Names[mode];

    /// <summary>Parses a registry name (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? name, out CompatibilityMode mode)
    {
        foreach (var (candidate, text) in Names)
        {
            if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }

        mode = default;
        return false;
    }
}
