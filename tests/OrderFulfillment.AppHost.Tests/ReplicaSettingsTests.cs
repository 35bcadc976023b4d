using System.Text.Json;
using FluentAssertions;

namespace OrderFulfillment.AppHost.Tests;

/// <summary>
/// <c>Replicas:{Service}</c>: how many instances start, where each listens, and how they are reported.
/// </summary>
public sealed class ReplicaSettingsTests
{
    [Test]
    public void Without_the_setting_each_service_runs_once_on_its_own_url()
    {
        var settings = AppHostSettings.Load([]);

        ServiceReplicas.Plan(settings).Select(i => (i.Service.Name, i.Replica)).Should().Equal(
            ("Orchestrator", 1), ("Inventory", 1), ("Payments", 1), ("Shipping", 1));
    }

    [Test]
    public void A_replica_listens_100_ports_above_the_one_before_it_and_every_port_is_checked()
    {
        var settings = AppHostSettings.Load(["--Replicas:Inventory=3", "--replicas:payments=2",
            "--Services:Inventory:Url=http://localhost:6081"]);

        var plan = ServiceReplicas.Plan(settings).ToList();

        plan.Where(i => i.Service.Name == "Inventory").Select(i => (i.Name, i.Url.ToString())).Should().Equal(
            ("inventory", "http://localhost:6081/"), ("inventory-2", "http://localhost:6181/"),
            ("inventory-3", "http://localhost:6281/"));
        plan.Where(i => i.Service.Name == "Payments").Select(i => i.Url.Port).Should().Equal(5082, 5182);
        PortCheck.PlannedListeners(settings)
            .Should().Contain(("Inventory replica 3", new Uri("http://localhost:6281/")))
            .And.Contain(("Payments replica 2", new Uri("http://localhost:5182/")));
    }

    [TestCase("0")]
    [TestCase("13")]
    [TestCase("two")]
    [TestCase("-1")]
    [TestCase("")]
    public void A_count_that_is_not_a_whole_number_from_1_to_the_partitions_per_topic_is_refused(string count)
    {
        var load = () => AppHostSettings.Load([$"--Replicas:Inventory={count}"]);

        load.Should().Throw<PlatformStartException>()
            .WithMessage(
                $"Replicas:Inventory must be a whole number from 1 to 12 (the partitions of a topic*), not '{count}'.");
    }

    [Test]
    public void A_replica_count_for_a_service_that_does_not_exist_is_refused()
    {
        var load = () => AppHostSettings.Load(["--Replicas:Billing=2"]);

        load.Should().Throw<PlatformStartException>()
            .WithMessage(
                "Replicas:Billing names no service; the services are Orchestrator, Inventory, Payments, Shipping.");
    }

    [Test]
    public void A_replica_on_another_services_port_is_named_before_anything_starts()
    {
        var settings =
            AppHostSettings.Load(["--Replicas:Orchestrator=2", "--Services:Shipping:Url=http://localhost:5180"]);

        var check = () => PortCheck.ThrowIfAnyTaken(PortCheck.PlannedListeners(settings));

        check.Should().Throw<PlatformStartException>()
            .WithMessage("Shipping and Orchestrator replica 2 would both listen on port 5180. Configure other ports.");
    }

    [Test]
    public void The_report_keeps_one_line_per_service_and_adds_a_line_per_replicated_service()
    {
        var platform = Platform(new Dictionary<string, int> { ["Inventory"] = 2 });
        using var console = new StringWriter();

        EnvironmentReport.Print(platform, console);

        var lines = console.ToString().Split(Environment.NewLine);
        lines.Should().ContainSingle(l => l.StartsWith("  Inventory API:            http://localhost:5081/inventory/",
            StringComparison.Ordinal));
        lines.Should().ContainSingle(l => l.StartsWith(
            "  Inventory replicas:       http://localhost:5081/, http://localhost:5181/", StringComparison.Ordinal));
        lines.Should().NotContain(l => l.Contains("Payments replicas", StringComparison.Ordinal), "Payments runs once");
    }

    [Test]
    public async Task The_environment_file_keeps_services_as_it_was_and_lists_every_replica()
    {
        var platform = Platform(new Dictionary<string, int> { ["Payments"] = 3 });
        var path = Path.Combine(Path.GetTempPath(), $"orderfulfillment-replicas-{Guid.NewGuid():N}.json");
        try
        {
            await EnvironmentReport.WriteAsync(path, platform, withSecrets: false, CancellationToken.None);

            var written = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(path));
            written.GetProperty("Services").Deserialize<Dictionary<string, string>>().Should()
                .Equal(PlatformServices.All.ToDictionary(s => s.Name, s => s.DefaultUrl + "/"));
            var replicas = written.GetProperty("Replicas").Deserialize<Dictionary<string, string[]>>()!;
            replicas["Payments"].Should()
                .Equal("http://localhost:5082/", "http://localhost:5182/", "http://localhost:5282/");
            replicas["Shipping"].Should().Equal("http://localhost:5083/");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static PlatformAddresses Platform(Dictionary<string, int> replicas)
    {
        var settings = AppHostSettings.Load([.. replicas.Select(r => $"--Replicas:{r.Key}={r.Value}")]);
        var instances = ServiceReplicas.UrlsByService(ServiceReplicas.Plan(settings));
        return new PlatformAddresses("broker:9092", null, "http://registry:8081", SchemaRegistryIsEmbedded: false,
            PostgresIsEmbedded: false,
            LocalEnvironment.ServiceDatabases.ToDictionary(d => d, d => $"Host=db;Database={d}"),
            instances.ToDictionary(i => i.Key, i => i.Value[0]), Replicas: instances);
    }
}
