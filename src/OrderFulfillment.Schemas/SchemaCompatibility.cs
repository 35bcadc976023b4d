using Avro;

namespace OrderFulfillment.Schemas;

/// <summary>
/// Whether a new version of a schema may be registered after the earlier ones, under a compatibility mode. The one
/// place these rules live: the embedded schema registry and the CI compatibility gate both call it. Stricter than
/// Apache.Avro's <c>Schema.CanRead</c>, which lets a reader miss a writer's enum symbol or a union writer's branches.
/// </summary>
public static class SchemaCompatibility
{
    /// <summary>
    /// Checks <paramref name="candidate"/> against <paramref name="earlier"/> (oldest first) under <paramref
    /// name="mode"/>.
    /// </summary>
    public static CompatibilityResult Check(CompatibilityMode mode, Schema candidate, IReadOnlyList<Schema> earlier)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(earlier);
        if (mode == CompatibilityMode.None || earlier.Count == 0)
        {
            return CompatibilityResult.Compatible;
        }

        var transitive = mode is CompatibilityMode.BackwardTransitive or CompatibilityMode.ForwardTransitive
            or CompatibilityMode.FullTransitive;
        var backward = mode is CompatibilityMode.Backward or CompatibilityMode.BackwardTransitive
            or CompatibilityMode.Full or CompatibilityMode.FullTransitive;
        var forward = mode is CompatibilityMode.Forward or CompatibilityMode.ForwardTransitive
            or CompatibilityMode.Full or CompatibilityMode.FullTransitive;
        var problems = new List<string>();
        for (var i = transitive ? 0 : earlier.Count - 1; i < earlier.Count; i++)
        {
            var version = i + 1;
            if (backward)
            {
                problems.AddRange(ReadProblems(candidate, earlier[i])
                    .Select(p => $"the new schema cannot read data of version {version}: {p}"));
            }

            if (forward)
            {
                problems.AddRange(ReadProblems(earlier[i], candidate)
                    .Select(p => $"version {version} cannot read data of the new schema: {p}"));
            }
        }

        return problems.Count == 0 ? CompatibilityResult.Compatible : new CompatibilityResult(problems);
    }

    /// <summary>
    /// Why <paramref name="reader"/> cannot read data written with <paramref name="writer"/> under Avro's schema
    /// resolution rules, one line per problem naming the field path; empty when it can.
    /// </summary>
    /// <remarks>
    /// Stricter than the specification where it lets a value change silently: a decimal must keep its precision and
    /// scale, and two different logical types on the same underlying type (timestamp-millis, timestamp-micros) do
    /// not read each other.
    /// </remarks>
    public static IReadOnlyList<string> ReadProblems(Schema reader, Schema writer)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        return ReadResolution.Problems(reader, writer);
    }
}
