namespace OrderFulfillment.Schemas;

/// <summary>The outcome of a compatibility check: compatible, or the reasons it is not (one line each).</summary>
/// <param name="Problems">Why the schema is incompatible, naming the version and field; empty when compatible.</param>
public sealed record CompatibilityResult(IReadOnlyList<string> Problems)
{
    /// <summary>The compatible outcome.</summary>
    public static CompatibilityResult Compatible { get; } = new([]);

    /// <summary>True when there is no problem.</summary>
    public bool IsCompatible => Problems.Count == 0;
}
