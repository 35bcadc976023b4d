using OrderFulfillment.Contracts.Tests.Deployment;

namespace OrderFulfillment.Contracts.Tests.Services;

/// <summary>
/// docker/docker-compose.yml runs each catalogued service from its own Dockerfile target, on its port, with its
/// database (ComposeServiceSettingsTests checks it runs exactly those). The other deployment tests check the rest
/// against the compose file (secrets, roles, init.sh, Prometheus' jobs), so with this one they follow the catalogue.
/// </summary>
public sealed class ServiceCatalogueComposeTests
{
    private const string ComposePath = "docker/docker-compose.yml";

    private readonly ComposeFile _compose = ComposeFile.Load();

    [Test]
    public void Every_service_is_built_from_its_target_published_on_its_port_and_given_its_database()
    {
        ServiceCatalogueFilesTests.Missing(ServiceCatalogue.All
            .Where(s => _compose.PlatformServices.ContainsKey(s.Key)).SelectMany(Disagreements));
    }

    private IEnumerable<string> Disagreements(ServiceDefinition service)
    {
        var definition = _compose.PlatformServices[service.Key];
        var environment = ComposeFile.Environment(definition);
        var at = $"{ComposePath}, service {service.Key}:";
        if ((string)ComposeFile.Map(definition["build"])["target"] != service.Key)
        {
            yield return $"{at} set build.target to {service.Key}";
        }

        if (!ComposeFile.Strings(definition, "ports").Contains($"127.0.0.1:{service.Port}:8080"))
        {
            yield return $"{at} publish \"127.0.0.1:{service.Port}:8080\"";
        }

        var database = $";Database={service.Database};";
        if (!environment["ConnectionStrings:Database"].Contains(database, StringComparison.Ordinal))
        {
            yield return $"{at} connect to Database={service.Database}";
        }

        if (environment.GetValueOrDefault("OTEL_SERVICE_NAME") != "orderfulfillment-" + service.Key)
        {
            yield return $"{at} set OTEL_SERVICE_NAME to orderfulfillment-{service.Key}";
        }
    }
}
