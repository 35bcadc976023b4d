using System.Text.Json;
using FluentAssertions;
using YamlDotNet.Serialization;

namespace OrderFulfillment.Contracts.Tests.Deployment;

/// <summary>Prometheus scrapes every platform service, and Grafana shows the dashboard over that Prometheus.</summary>
public sealed class MetricsDeploymentTests
{
    private readonly ComposeFile _compose = ComposeFile.Load();

    [Test]
    public void Prometheus_scrapes_each_platform_service_on_the_port_its_image_listens_on()
    {
        var config = Yaml(Path.Combine(ComposeFile.DockerDirectory, "prometheus", "prometheus.yml"));
        var targets = ((List<object>)config["scrape_configs"]).Select(ComposeFile.Map)
            .ToDictionary(j => (string)j["job_name"], j => ((List<object>)ComposeFile.Map(((List<object>)j[
                "static_configs"])[0])["targets"]).Cast<string>().Single());

        targets.Keys.Should()
            .BeEquivalentTo(_compose.PlatformServices.Keys, "one job per service, named as the service");
        foreach (var (service, target) in targets)
        {
            target.Should()
                .Be($"{service}:8080", "the images listen on 8080 and serve /metrics, Prometheus' default path");
        }
    }

    [Test]
    public void Grafana_provisions_the_compose_prometheus_under_the_uid_every_dashboard_panel_names()
    {
        var grafana = _compose.Services["grafana"];
        ComposeFile.Strings(grafana, "depends_on").Should().Contain("prometheus");
        var source = ComposeFile.Map(((List<object>)Yaml(Path.Combine(ComposeFile.DockerDirectory, "grafana",
            "provisioning", "datasources", "prometheus.yml"))["datasources"])[0]);
        source["url"].Should().Be("http://prometheus:9090");

        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardFile()));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        panels.Should().NotBeEmpty();
        foreach (var panel in panels)
        {
            panel.GetProperty("datasource").GetProperty("uid").GetString()
                .Should().Be((string)source["uid"], panel.GetProperty("title").GetString());
            panel.GetProperty("targets").EnumerateArray()
                .Should().OnlyContain(t => t.GetProperty("expr").GetString()!.Length > 0);
        }
    }

    /// <summary>
    /// The dashboard of the compose setup; the end-to-end tests check its metrics against the services' own.
    /// </summary>
    public static string DashboardFile() =>
        Path.Combine(ComposeFile.DockerDirectory, "grafana", "dashboards", "orderfulfillment.json");

    private static Dictionary<object, object> Yaml(string path) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(path));
}
