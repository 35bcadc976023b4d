using FluentAssertions;

namespace OrderFulfillment.AppHost.Tests;

/// <summary>
/// A start that cannot succeed ends with one line naming the piece and the cause, exit code 1, and nothing left
/// running or on disk: the AppHost run as a user runs it, on free ports.
/// </summary>
[NonParallelizable]
public sealed class StartFailureTests
{
    [Test]
    public async Task A_taken_service_port_is_named_before_anything_starts()
    {
        using var run = new AppHostRun();
        var port = run.Ports["Inventory"];
        using var taken = AppHostRun.Take(port);

        var result = await run.RunAsync();

        result.ExitCode.Should().Be(1, result.Output + result.Errors);
        result.Errors.Should()
            .Contain(
                $"OrderFulfillment did not start: Inventory cannot listen on http://localhost:{port}/: port {port} " +
                $"is already in use");
        result.Output.Should().NotContain("[kafka]", "the check runs before anything starts");
        result.Errors.Should().NotContain("   at ", "no stack trace");
        run.ProcessesLeft().Should().BeEmpty();
        run.FilesLeft().Should().BeEmpty();
    }

    [Test]
    public async Task A_taken_replica_port_is_named_before_anything_starts()
    {
        using var run = new AppHostRun();
        var port = run.Ports["Payments"] + ServiceReplicas.PortStep;
        using var taken = AppHostRun.Take(port);

        var result = await run.RunAsync(new Dictionary<string, string> { ["Replicas__Payments"] = "2" });

        result.ExitCode.Should().Be(1, result.Output + result.Errors);
        result.Errors.Should()
            .Contain(
                $"OrderFulfillment did not start: Payments replica 2 cannot listen on http://localhost:{port}/: port " +
                $"{port} is already in use");
        result.Output.Should().NotContain("[kafka]", "the check runs before anything starts");
    }

    [Test]
    public async Task A_replica_count_out_of_range_is_named_before_anything_starts()
    {
        using var run = new AppHostRun();

        var result = await run.RunAsync(new Dictionary<string, string> { ["Replicas__Shipping"] = "40" });

        result.ExitCode.Should().Be(1, result.Output + result.Errors);
        result.Errors.Should()
            .Contain("OrderFulfillment did not start: Replicas:Shipping must be a whole number from 1 to 12");
        result.Errors.Should().NotContain("   at ", "no stack trace");
        run.ProcessesLeft().Should().BeEmpty();
    }

    [Test]
    public async Task A_taken_registry_port_is_named()
    {
        using var run = new AppHostRun();
        using var taken = AppHostRun.Take(run.RegistryPort);

        var result = await run.RunAsync();

        result.ExitCode.Should().Be(1, result.Output + result.Errors);
        result.Errors.Should()
            .Contain(
                $"The embedded schema registry (SchemaRegistry:EmbeddedPort) cannot listen on " +
                $"http://127.0.0.1:{run.RegistryPort}/");
    }

    [Test]
    public async Task A_child_that_exits_during_start_is_named_with_its_cause_and_everything_started_is_stopped()
    {
        using var run = new AppHostRun();
        // Taken after the AppHost's own check, as a port grabbed by another program meanwhile would be: every .NET
        // child inherits this Kestrel endpoint, so the first to bind it fails.
        var port = AppHostRun.FreePort();
        using var taken = AppHostRun.Take(port);

        var result = await run.RunAsync(new Dictionary<string, string> { [
            "Kestrel__Endpoints__Taken__Url"] = $"http://127.0.0.1:{port}" });

        result.ExitCode.Should().Be(1, result.Output + result.Errors);
        result.Errors.Should()
            .MatchRegex(
                $"OrderFulfillment did not start: .* exited during start with code [0-9]+: Failed to bind to address " +
                $"http://127.0.0.1:{port}: address already in use");
        result.Errors.Should().Contain("Everything it had started has been stopped.");
        run.ProcessesLeft().Should().BeEmpty();
        run.FilesLeft().Should().NotContain(f => f.StartsWith("orderfulfillment-pg-", StringComparison.Ordinal));
    }
}
