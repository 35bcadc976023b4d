using System.Text.Json;
using FluentAssertions;

namespace OrderFulfillment.AppHost.Tests;

/// <summary>The AppHost run as a user runs it, with <c>--Replicas</c>, on free ports.</summary>
[NonParallelizable]
public sealed class ReplicaRunTests
{
    [Test]
    [CancelAfter(360_000)]
    public async Task Two_inventory_replicas_start_ready_on_their_own_ports_and_stop_with_the_AppHost()
    {
        using var run = new AppHostRun();
        var first = new Uri($"http://localhost:{run.Ports["Inventory"]}/");
        var second = new Uri($"http://localhost:{run.Ports["Inventory"] + ServiceReplicas.PortStep}/");
        var replicas = new List<Uri>();

        var result = await run.RunUntilReadyAsync(new Dictionary<string, string> { ["Replicas__Inventory"] = "2" },
            async environment =>
        {
            replicas.AddRange(environment.GetProperty("Replicas").GetProperty("Inventory")
                .Deserialize<string[]>()!.Select(u => new Uri(u)));
            using var http = new HttpClient();
            foreach (var replica in replicas)
            {
                using var ready = await http.GetAsync(new Uri(replica, "/health/ready"));
                ready.IsSuccessStatusCode.Should().BeTrue($"{replica} is an inventory that is ready");
            }
        });

        replicas.Should().Equal(first, second);
        result.ExitCode.Should().Be(0, result.Errors);
        result.Output.Should().Contain($"Inventory replicas:       {first}, {second}")
            .And.Contain("[inventory-2]", "the replica's output is prefixed with its own name");
        run.ProcessesLeft().Should().BeEmpty();
    }
}
