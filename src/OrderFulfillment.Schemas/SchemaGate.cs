namespace OrderFulfillment.Schemas;

/// <summary>
/// The compatibility gate run in CI over a folder of versioned schemas: every version must be a valid schema
/// (<see cref="SchemaRules"/>) and compatible with the earlier versions of its contract under the contract's mode
/// (<see cref="SchemaCompatibility"/>), as the registry would require when the versions are registered in order.
/// </summary>
public static class SchemaGate
{
    /// <summary>
    /// Every problem of <paramref name="schemas"/>, one line each starting with the contract and version; empty
    /// when the gate passes.
    /// </summary>
    /// <param name="schemas">The versions, as <see cref="SchemaFolder.Load"/> returns them (any order).</param>
    /// <param name="modeOf">The compatibility mode of a contract (by its name).</param>
    public static IReadOnlyList<string> Check(IReadOnlyList<VersionedSchema> schemas,
        Func<string, CompatibilityMode> modeOf)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        ArgumentNullException.ThrowIfNull(modeOf);
        var problems = new List<string>();
        foreach (var contract in schemas.GroupBy(s => s.Contract, StringComparer.Ordinal))
        {
            var mode = modeOf(contract.Key);
            var versions = contract.OrderBy(s => s.Version).ToList();
            for (var i = 0; i < versions.Count; i++)
            {
                var version = versions[i];
                problems.AddRange(SchemaRules.Problems(version.Schema).Select(p => $"{version}: {p}"));
                var earlier = versions.Take(i).Select(v => v.Schema).ToList();
                problems.AddRange(SchemaCompatibility.Check(mode, version.Schema, earlier).Problems
                    .Select(p => $"{version} ({mode.ToRegistryName()}): {p}"));
            }
        }

        return problems;
    }
}
