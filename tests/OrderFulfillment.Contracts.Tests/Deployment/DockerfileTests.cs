using System.Xml.Linq;
using FluentAssertions;

namespace OrderFulfillment.Contracts.Tests.Deployment;

/// <summary>
/// docker/Dockerfile: one image per service, each starting that service's assembly, as a non-root user, with a health
/// check.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string Root = TopicCatalogueTests.RepositoryRoot();
    private readonly Dockerfile _dockerfile = Dockerfile.Load(Path.Combine(ComposeFile.DockerDirectory, "Dockerfile"));

    private static IEnumerable<TestCaseData> ServiceTargets =>
        ServiceCatalogue.All.Select(s => new TestCaseData(s.Key, s.Project));

    [TestCaseSource(nameof(ServiceTargets))]
    public void Each_service_target_starts_the_assembly_of_an_existing_web_project(string target, string project)
    {
        _dockerfile.Targets.Keys.Should().Contain(target, "docker/Dockerfile needs a target a service (as shipping's)");
        Dockerfile.ExecForm(_dockerfile.Targets[target], "ENTRYPOINT").Should().Equal("dotnet", project + ".dll");

        var csproj = Path.Combine(Root, "src", project, project + ".csproj");
        File.Exists(csproj).Should().BeTrue();
        var document = XDocument.Load(csproj);
        document.Root!.Attribute("Sdk")!.Value.Should().Be("Microsoft.NET.Sdk.Web");
        document.Descendants("AssemblyName")
            .Should().BeEmpty("the ENTRYPOINT assumes the assembly is named after the project");
        var service = project["OrderFulfillment.".Length..];
        var build = _dockerfile.Targets["build"];
        build.Should().Contain("\"src/OrderFulfillment.$service\"");
        var loop = build[(build.IndexOf("for service in ", StringComparison.Ordinal) + "for service in ".Length)..];
        loop[..loop.IndexOf(';', StringComparison.Ordinal)].Split(' ')
            .Should().Contain(service, "the build stage publishes it");
        _dockerfile.Targets[target].Should().Contain($"COPY --from=build /out/{service} ./");
    }

    [Test]
    public void The_runtime_stage_runs_as_non_root_and_checks_the_liveness_endpoint_with_the_probe()
    {
        var service = _dockerfile.Targets["service"];
        service.Should().Contain("USER $APP_UID");
        var check = Dockerfile.ExecForm(service, "HEALTHCHECK");
        check.Should().Equal("dotnet", "/probe/HealthProbe.dll", "http://127.0.0.1:8080/health/live");

        File.ReadAllText(Path.Combine(Root, "src", "OrderFulfillment.ServiceDefaults", "HealthExtensions.cs"))
            .Should().Contain("\"/health/live\"");
        File.Exists(Path.Combine(ComposeFile.DockerDirectory, "health-probe", "HealthProbe.csproj")).Should().BeTrue();
    }

    [Test]
    public void The_build_stage_copies_every_file_the_build_reads_from_the_root()
    {
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props",
            ".editorconfig" })
        {
            File.Exists(Path.Combine(Root, file)).Should().BeTrue(file);
            _dockerfile.Targets["build"].Should().Contain(file);
        }
    }
}
