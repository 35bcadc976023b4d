using FluentAssertions;

namespace OrderFulfillment.Contracts.Tests.Deployment;

/// <summary>
/// What docker-compose.yml refers to exists: volumes, files, ports, dependencies. No Docker engine runs here.
/// </summary>
public sealed class ComposeStructureTests
{
    private readonly ComposeFile _compose = ComposeFile.Load();

    [Test]
    public void Every_named_volume_a_service_mounts_is_declared_and_every_mounted_file_exists()
    {
        var declared = ComposeFile.Map(_compose.Root["volumes"]).Keys.Cast<string>().ToList();
        foreach (var (name, service) in _compose.Services)
        {
            foreach (var source in ComposeFile.Strings(service, "volumes").Select(v => v.Split(':')[0]))
            {
                if (source.StartsWith('.'))
                {
                    Path.Exists(Path.Combine(ComposeFile.DockerDirectory, source))
                        .Should().BeTrue($"{name} mounts {source}");
                }
                else
                {
                    declared.Should().Contain(source, $"{name} mounts the named volume {source}");
                }
            }
        }
    }

    [Test]
    public void Every_configuration_file_a_command_names_is_mounted_there()
    {
        var configured = _compose.Services
            .Select(s => (Name: s.Key, Files: ComposeFile.Strings(s.Value, "command").Where(a =>
                a.StartsWith("--config", StringComparison.Ordinal)).Select(a => a.Split('=', 2)[1]).ToList()))
            .Where(s => s.Files.Count > 0)
            .ToList();

        configured.Select(s => s.Name).Should().Contain(["otel-collector", "prometheus"]);
        foreach (var (name, files) in configured)
        {
            ComposeFile.Strings(_compose.Services[name], "volumes").Select(v => v.Split(':')[1])
                .Should().Contain(files, name);
        }
    }

    [Test]
    public void Every_port_is_published_once_on_loopback_only()
    {
        var published = _compose.Services.SelectMany(s => ComposeFile.Strings(s.Value,
            "ports").Select(p => (Service: s.Key, Parts: p.Split(':')))).ToList();

        published.Should().OnlyContain(p => p.Parts.Length == 3 && p.Parts[0] == "127.0.0.1",
            "nothing here authenticates: loopback only");
        published.Select(p => p.Parts[1]).Should().OnlyHaveUniqueItems("two services cannot share a host port");
    }

    [Test]
    public void Every_platform_service_publishes_the_port_its_image_listens_on()
    {
        var dockerfile = File.ReadAllText(Path.Combine(ComposeFile.DockerDirectory, "Dockerfile"));
        foreach (var (name, service) in _compose.PlatformServices)
        {
            var containerPorts = ComposeFile.Strings(service, "ports").Select(p => p.Split(':')[2]);
            containerPorts.Should().ContainSingle().Which.Should().Be("8080", name);
            dockerfile.Should().Contain("EXPOSE 8080").And.Contain("ENV Urls=http://+:8080");
        }
    }

    [Test]
    public void Every_build_names_an_existing_dockerfile_and_a_target_in_it()
    {
        foreach (var (name, service) in _compose.PlatformServices)
        {
            var build = ComposeFile.Map(service["build"]);
            var context = Path.GetFullPath(Path.Combine(ComposeFile.DockerDirectory, (string)build["context"]));
            context.Should().Be(TopicCatalogueTests.RepositoryRoot(),
                "the Dockerfile copies global.json and Directory.*.props from the root");
            var dockerfile = Dockerfile.Load(Path.Combine(context, (string)build["dockerfile"]));
            dockerfile.Targets.Should().ContainKey((string)build["target"], name);
        }
    }

    [Test]
    public void Every_dependency_is_a_service_that_can_meet_its_condition()
    {
        foreach (var (name, service) in _compose.Services.Where(s => s.Value.ContainsKey("depends_on")))
        {
            var dependencies = service["depends_on"] is List<object> list
                ? list.Cast<string>().ToDictionary(d => d, _ => "service_started")
                : ComposeFile.Map(service["depends_on"])
                    .ToDictionary(d => (string)d.Key, d => (string)ComposeFile.Map(d.Value)["condition"]);
            foreach (var (dependency, condition) in dependencies)
            {
                _compose.Services.Should().ContainKey(dependency, name);
                var other = _compose.Services[dependency];
                if (condition == "service_healthy")
                {
                    other.Should().ContainKey("healthcheck", $"{name} waits for {dependency} to be healthy");
                }
                else if (condition == "service_completed_successfully")
                {
                    other.Should().Contain("restart", "no", $"{name} waits for the one-shot {dependency} to finish");
                }
            }
        }
    }
}
