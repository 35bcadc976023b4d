using System.Net;
using Confluent.SchemaRegistry;
using FluentAssertions;
using static OrderFulfillment.EmbeddedSchemaRegistry.Tests.ParcelSchemas;
using static OrderFulfillment.EmbeddedSchemaRegistry.Tests.Registry;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

/// <summary>
/// Registration under each mode, set per subject through Confluent's client: an incompatible version is refused with
/// a 409 naming the version or field, and nothing is registered.
/// </summary>
public sealed class CompatibilityModeTests
{
    private static readonly TestCaseData[] Refusals =
    [
        // A new required field: the new schema cannot read old data.
        new TestCaseData(Compatibility.Backward, new[] { V1 }, WithRequiredWeight, "weight")
            .SetArgDisplayNames("BACKWARD, required field added"),
        // A required field removed: the old schema cannot read new data.
        new TestCaseData(Compatibility.Forward, new[] { WithRequiredWeight }, V1, "weight")
            .SetArgDisplayNames("FORWARD, required field removed"),
        new TestCaseData(Compatibility.Full, new[] { V1 }, WithRequiredWeight, "weight")
            .SetArgDisplayNames("FULL, required field added"),
        new TestCaseData(Compatibility.Full, new[] { WithRequiredWeight }, V1, "weight")
            .SetArgDisplayNames("FULL, required field removed"),
        // Each step alone is fine; the last cannot read the first version's data, or the first cannot read the last's.
        new TestCaseData(Compatibility.BackwardTransitive, new[] { V1, WithDefaultedWeight }, WithRequiredWeight,
            "version 1").SetArgDisplayNames("BACKWARD_TRANSITIVE, default dropped"),
        new TestCaseData(Compatibility.ForwardTransitive, new[] { WithRequiredWeight, WithDefaultedWeight }, V1,
            "version 1").SetArgDisplayNames("FORWARD_TRANSITIVE, field removed"),
        new TestCaseData(Compatibility.FullTransitive, new[] { V1, WithDefaultedWeight }, WithRequiredWeight,
            "version 1").SetArgDisplayNames("FULL_TRANSITIVE, default dropped"),
    ];

    private static readonly TestCaseData[] Acceptances =
    [
        new TestCaseData(Compatibility.Backward, new[] { WithRequiredWeight }, V1)
            .SetArgDisplayNames("BACKWARD, field removed"),
        new TestCaseData(Compatibility.Forward, new[] { V1 }, WithRequiredWeight)
            .SetArgDisplayNames("FORWARD, required field added"),
        new TestCaseData(Compatibility.Full, new[] { V1 }, WithOptionalNote)
            .SetArgDisplayNames("FULL, optional field added"),
        // The transitive refusals' last steps, under the plain modes, which compare with the latest version only.
        new TestCaseData(Compatibility.Backward, new[] { V1, WithDefaultedWeight }, WithRequiredWeight)
            .SetArgDisplayNames("BACKWARD, default dropped"),
        new TestCaseData(Compatibility.Forward, new[] { WithRequiredWeight, WithDefaultedWeight }, V1)
            .SetArgDisplayNames("FORWARD, field removed after default added"),
        new TestCaseData(Compatibility.Full, new[] { V1, WithDefaultedWeight }, WithRequiredWeight)
            .SetArgDisplayNames("FULL, default dropped"),
        new TestCaseData(Compatibility.None, new[] { V1 }, WithIntId).SetArgDisplayNames("NONE, type changed"),
    ];

    [TestCaseSource(nameof(Refusals))]
    public async Task An_incompatible_version_is_refused_with_its_problems(Compatibility mode, string[] history,
        string candidate, string problem)
    {
        using var client = Client();
        var subject = await SubjectWith(client, mode, history);

        var register = () => client.RegisterSchemaAsync(subject, AvroSchema(candidate));

        var refusal = (await register.Should().ThrowAsync<SchemaRegistryException>()).Which;
        (refusal.Status, refusal.ErrorCode).Should().Be((HttpStatusCode.Conflict, 409));
        refusal.Message.Should().Contain(subject).And.Contain(problem);
        (await client.GetSubjectVersionsAsync(subject)).Should().HaveCount(history.Length);
    }

    [TestCaseSource(nameof(Acceptances))]
    public async Task A_compatible_version_becomes_the_next(Compatibility mode, string[] history, string candidate)
    {
        using var client = Client();
        var subject = await SubjectWith(client, mode, history);

        (await client.IsCompatibleAsync(subject, AvroSchema(candidate))).Should().BeTrue();
        var id = await client.RegisterSchemaAsync(subject, AvroSchema(candidate));

        var latest = await client.GetLatestSchemaAsync(subject);
        (latest.Version, latest.Id).Should().Be((history.Length + 1, id));
    }

    private static async Task<string> SubjectWith(CachedSchemaRegistryClient client, Compatibility mode,
        string[] history)
    {
        var subject = TestSchemaRegistry.UniqueSubject("modes");
        // The history goes in without checks, so each case starts from exactly the versions it names.
        await client.UpdateCompatibilityAsync(Compatibility.None, subject);
        foreach (var schema in history)
        {
            await client.RegisterSchemaAsync(subject, AvroSchema(schema));
        }

        await client.UpdateCompatibilityAsync(mode, subject);
        return subject;
    }
}
