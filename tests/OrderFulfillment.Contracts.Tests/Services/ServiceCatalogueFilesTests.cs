using System.Text.Json;
using FluentAssertions;

namespace OrderFulfillment.Contracts.Tests.Services;

/// <summary>
/// The files that cannot read <see cref="ServiceCatalogue"/> against it: the solution, the AppHost's project and
/// settings, each service's own settings, the database script and docker's environment example. Each failure is a
/// line saying which file to change and what to add, so adding a service is one catalogue entry and then these.
/// </summary>
public sealed class ServiceCatalogueFilesTests
{
    private static readonly string[] DatabaseRoles = ["MIGRATOR", "APP"];

    private static IEnumerable<ServiceDefinition> Catalogued => ServiceCatalogue.All;

    [Test]
    public void Every_service_is_a_project_of_the_solution()
    {
        var solution = RepositoryFile.Read("OrderFulfillment.sln");
        Missing(Catalogued.Select(s => solution.UnlessContains(
            $"\"src\\{s.Project}\\{s.Project}.csproj\"", $"the project of {s.Name} (dotnet sln add src/{s.Project})")));
    }

    [Test]
    public void The_apphost_builds_every_service_and_knows_where_its_assembly_is()
    {
        var project = RepositoryFile.Read("src/OrderFulfillment.AppHost/OrderFulfillment.AppHost.csproj");
        Missing(Catalogued.SelectMany(s => new[]
        {
            project.UnlessContains(
                $"<ProjectReference Include=\"../{s.Project}/{s.Project}.csproj\" ReferenceOutputAssembly=\"false\" />",
                $"a ProjectReference to {s.Name}, built alongside and not referenced"),
            project.UnlessContains(
                $"<AssemblyMetadata Include=\"ChildProcess:{s.Name}\" "
                + $"Value=\"$(MSBuildThisFileDirectory)../{s.Project}/bin/",
                $"the ChildProcess:{s.Name} metadata, as the other services have it"),
        }));
    }

    [Test]
    public void The_apphost_settings_give_every_service_its_catalogued_url()
    {
        var settings = RepositoryFile.Read("src/OrderFulfillment.AppHost/appsettings.json");
        using var json = JsonDocument.Parse(settings.Text);
        var urls = json.RootElement.GetProperty("Services").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("Url").GetString());

        Missing(Catalogued.Select(s => settings.Unless(urls.GetValueOrDefault(s.Name) == s.DefaultUrl,
            $"set Services:{s.Name}:Url to \"{s.DefaultUrl}\"")));
        urls.Keys.Should().BeSubsetOf(Catalogued.Select(s => s.Name), $"{settings.Path} names catalogued ones only");
    }

    [Test]
    public void Every_service_listens_on_its_port_and_reads_its_database_by_default()
    {
        Missing(Catalogued.SelectMany(s =>
        {
            var path = $"src/{s.Project}/appsettings.json";
            if (RepositoryFile.TryRead(path) is not { } settings)
            {
                return [$"{path}: create the project (src/OrderFulfillment.Shipping is the template)"];
            }

            using var json = JsonDocument.Parse(settings.Text);
            var urls = json.RootElement.GetProperty("Urls").GetString();
            var database = json.RootElement.GetProperty("ConnectionStrings").GetProperty("Database").GetString() ?? "";
            return new[]
            {
                settings.Unless(urls == s.DefaultUrl, $"set Urls to \"{s.DefaultUrl}\""),
                settings.Unless(database.Contains($";Database={s.Database};", StringComparison.Ordinal),
                    $"set ConnectionStrings:Database's Database={s.Database}"),
            };
        }));
    }

    [Test]
    public void The_database_script_creates_every_service_database_and_no_other()
    {
        var script = RepositoryFile.Read("docker/postgres/init.sh");
        var created = script.Text.Split('\n').Where(l => l.StartsWith("service_database ", StringComparison.Ordinal))
            .Select(l => l["service_database ".Length..].Trim()).ToList();

        Missing(ServiceCatalogue.Databases.Select(d =>
            script.Unless(created.Contains(d), $"add the line `service_database {d}`")));
        created.Should().BeSubsetOf(ServiceCatalogue.Databases, $"{script.Path} creates catalogued databases only");
    }

    [Test]
    public void The_environment_example_names_both_passwords_of_every_database()
    {
        var example = RepositoryFile.Read("docker/.env.example");
        var lines = example.Text.Split('\n');
        Missing(ServiceCatalogue.Databases.SelectMany(d => DatabaseRoles
            .Select(role => $"{d.ToUpperInvariant()}_{role}_PASSWORD=")
            .Select(line => example.Unless(lines.Any(l => l.StartsWith(line, StringComparison.Ordinal)),
                $"add a line {line}... (the password of {line[..^"_PASSWORD=".Length].ToLowerInvariant()})"))));
    }

    /// <summary>Fails listing every file change the catalogue asks for, one a line.</summary>
    internal static void Missing(IEnumerable<string?> changes)
    {
        var wanted = changes.OfType<string>().ToList();
        wanted.Should().BeEmpty(
            "src/OrderFulfillment.Contracts/ServiceCatalogue.cs lists the services, and these files must agree:\n"
            + string.Join("\n", wanted));
    }
}
