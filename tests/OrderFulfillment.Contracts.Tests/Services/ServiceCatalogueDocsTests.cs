namespace OrderFulfillment.Contracts.Tests.Services;

/// <summary>
/// The pages a newcomer reads list every catalogued service with its address: docs/api.md's table of services,
/// docs/architecture.md's diagram and project table, docker/README.md's table and the AppHost README's settings.
/// </summary>
public sealed class ServiceCatalogueDocsTests
{
    private static IEnumerable<ServiceDefinition> Catalogued => ServiceCatalogue.All;

    [Test]
    public void The_api_page_lists_every_service_with_its_address_and_setting()
    {
        var page = RepositoryFile.Read("docs/api.md");
        ServiceCatalogueFilesTests.Missing(Catalogued.SelectMany(s => new[]
        {
            page.UnlessContains($"| {s.Key}", $"a row of the services table for {s.Key}"),
            page.UnlessContains($"| {s.DefaultUrl} |", $"{s.Name}'s default address in that row"),
            page.UnlessContains($"`Services:{s.Name}:Url`", $"{s.Name}'s address setting in that row"),
        }));
    }

    [Test]
    public void The_architecture_page_shows_every_service_and_its_project()
    {
        var page = RepositoryFile.Read("docs/architecture.md");
        ServiceCatalogueFilesTests.Missing(Catalogued.SelectMany(s => new[]
        {
            page.UnlessContains($"| `src/{s.Project}` |", $"a row of the project table for {s.Project}"),
            page.UnlessContains($"`{s.Database}` database", $"{s.Database} as {s.Name}'s database in that row"),
            s.IsWorker ? page.UnlessContains($"[\"{s.Name}<br/>localhost:{s.Port}\"]", $"{s.Name} to the diagram")
                : null,
        }));
    }

    [Test]
    public void The_docker_readme_lists_every_service_on_its_port()
    {
        var readme = RepositoryFile.Read("docker/README.md");
        ServiceCatalogueFilesTests.Missing(Catalogued.SelectMany(s => new[]
        {
            readme.UnlessContains($"target `{s.Key}`", $"a row of the services table for {s.Key}"),
            readme.UnlessContains($"`{s.DefaultUrl}`", $"{s.Key}'s address in that row"),
        }));
    }

    [Test]
    public void The_apphost_readme_names_every_service_it_starts()
    {
        var readme = RepositoryFile.Read("src/OrderFulfillment.AppHost/README.md");
        ServiceCatalogueFilesTests.Missing(Catalogued.Select(s => readme.UnlessContains(
            $"{s.Key} on :{s.Port}", $"{s.Key} to the services it starts")));
    }
}
