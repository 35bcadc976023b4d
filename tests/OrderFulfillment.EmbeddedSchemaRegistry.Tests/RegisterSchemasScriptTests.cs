using System.Text.Json.Nodes;
using Confluent.SchemaRegistry;
using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

/// <summary>
/// docker/schema-registry/register-schemas.sh, which registers a release's schemas in production's registry, run with
/// bash against an embedded registry of its own (the same REST API) and checked with Confluent's client.
/// </summary>
public sealed class RegisterSchemasScriptTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Test]
    public async Task Every_subject_gets_its_mode_and_every_version_in_order_and_a_second_run_changes_nothing()
    {
        await using var registry = await EmbeddedSchemaRegistryServer.StartAsync();
        using var client = Registry.Client(registry.Url);
        var schemas = SchemaFolder.Load(RepositoryFiles.Path("src", "OrderFulfillment.Contracts", "Schemas"))
            .ToLookup(s => s.Contract);

        var first = await RunScript(registry.Url);
        var subjectsAfterFirstRun = await client.GetAllSubjectsAsync();
        var second = await RunScript(registry.Url);

        first.ExitCode.Should().Be(0, first.Errors);
        second.ExitCode.Should().Be(0, second.Errors);
        (await client.GetAllSubjectsAsync())
            .Should().BeEquivalentTo(Topics.All.Select(t => t.ValueSubject)).And.BeEquivalentTo(subjectsAfterFirstRun);
        foreach (var topic in Topics.All)
        {
            var versions = schemas[topic.MessageType.Name].OrderBy(s => s.Version).ToList();
            (await client.GetSubjectVersionsAsync(topic.ValueSubject))
                .Should().Equal(versions.Select(v => v.Version), topic.ValueSubject);
            foreach (var version in versions)
            {
                var registered = await client.GetRegisteredSchemaAsync(topic.ValueSubject, version.Version);
                JsonNode.DeepEquals(JsonNode.Parse(registered.SchemaString), JsonNode.Parse(version.Text))
                    .Should().BeTrue(
                        $"{topic.ValueSubject} version {version.Version} is " +
                        $"{version.Contract}/v{version.Version}.avsc");
            }

            (await client.GetCompatibilityAsync(topic.ValueSubject))
                .Should().Be(ConfluentMode(topic.Compatibility), topic.ValueSubject);
        }
    }

    [Test]
    public async Task A_version_the_registry_refuses_stops_the_script_with_the_reason_and_registers_nothing_after_it()
    {
        await using var registry = await EmbeddedSchemaRegistryServer.StartAsync();
        using var client = Registry.Client(registry.Url);
        var release = Directory.CreateTempSubdirectory("register-schemas-");
        try
        {
            // v2 changes the id's type (string -> int): no BACKWARD reader of v1 records can read it.
            Directory.CreateDirectory(Path.Combine(release.FullName, "Parcel"));
            await File.WriteAllTextAsync(Path.Combine(release.FullName, "Parcel", "v1.avsc"), ParcelSchemas.V1);
            await File.WriteAllTextAsync(Path.Combine(release.FullName, "Parcel", "v2.avsc"), ParcelSchemas.WithIntId);
            await File.WriteAllTextAsync(Path.Combine(release.FullName, "subjects.tsv"),
                "parcels\tparcels-value\tParcel\tBACKWARD\nlater\tlater-value\tParcel\tBACKWARD\n");

            var run = await RunScript(registry.Url, release.FullName, Path.Combine(release.FullName, "subjects.tsv"));

            run.ExitCode.Should().NotBe(0);
            run.Errors.Should().Contain("parcels-value").And.Contain("v2.avsc").And.Contain("NOT COMPATIBLE")
                .And.Contain("409");
            (await client.GetSubjectVersionsAsync("parcels-value")).Should().Equal(1);
            (await client.GetAllSubjectsAsync()).Should().Equal("parcels-value");
        }
        finally
        {
            release.Delete(recursive: true);
        }
    }

    private static Task<ExternalProgramResult> RunScript(string registryUrl, string? schemaDir = null,
        string? subjectsFile = null)
    {
        var environment = new Dictionary<string, string> { ["REGISTRY_URL"] = registryUrl };
        if (schemaDir is not null && subjectsFile is not null)
        {
            environment["SCHEMA_DIR"] = schemaDir;
            environment["SUBJECTS_FILE"] = subjectsFile;
        }

        return ExternalProgram.RunAsync("bash",
            [RepositoryFiles.Path("docker", "schema-registry", "register-schemas.sh")], Deadline, environment);
    }

    private static Compatibility ConfluentMode(CompatibilityMode mode) => mode switch
    {
        CompatibilityMode.BackwardTransitive => Compatibility.BackwardTransitive,
        CompatibilityMode.FullTransitive => Compatibility.FullTransitive,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a mode of any platform topic"),
    };
}
