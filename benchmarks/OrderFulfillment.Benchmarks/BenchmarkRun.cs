using System.Diagnostics;
using System.Net.Http.Headers;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// One run: a fresh platform, every chosen scenario on it (each with products of its own), then a clean stop.
/// </summary>
internal static class BenchmarkRun
{
    // Lets the previous scenario's trailing background work (outbox cleanup, autovacuum) die down.
    private static readonly TimeSpan PauseBetweenScenarios = TimeSpan.FromSeconds(5);

    /// <summary>Builds the platform, then runs it as many times as asked, each time fresh.</summary>
    public static async Task<ResultsReport> RunAllAsync(string command, MachineInfo machine, BenchmarkOptions options,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Console.WriteLine("Building the AppHost and the services (Release)...");
        await AppHostProcess.BuildAsync(cancellationToken);
        var postgres = new List<PostgresSettings>();
        var results = new List<ScenarioResult>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var (settings, runResults) = await RunAsync(run, options, cancellationToken);
            postgres.Add(settings);
            results.AddRange(runResults);
        }

        return new ResultsReport(command, machine, postgres, clock.Elapsed, options.MaxOrders, results);
    }

    private static async Task<(PostgresSettings Postgres, IReadOnlyList<ScenarioResult> Results)> RunAsync(int run,
        BenchmarkOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine(
            $"run {run}: starting the platform (log: {Path.Combine(RepositoryPaths.Logs, $"run-{run}-apphost.log")})");
        await using var appHost = await AppHostProcess.StartAsync(run, cancellationToken);
        var postgres = await PostgresSettings.Read(appHost.Environment.ConnectionStrings["orders"], cancellationToken);
        Console.WriteLine($"run {run}: platform ready; {postgres}");

        // The orders go to the Orders token's tenant (the body names none); the stock manager's token sets stock.
        using var orchestrator = CreateClient(appHost.Environment.Orchestrator, appHost.Environment.Tokens["Orders"]);
        using var inventory = CreateClient(appHost.Environment.Inventory, appHost.Environment.Tokens["Stock"]);
        var probe =
            await PlatformProbe.Create(appHost.Pid, appHost.Environment.ConnectionStrings["orders"], cancellationToken);
        var runner = new ScenarioRunner(appHost.Environment, probe, orchestrator, inventory);
        Console.WriteLine($"run {run} warm-up: {options.Warmup.Title}, not reported");
        Console.WriteLine(await runner.Run(options.Warmup, run, cancellationToken));
        var results = new List<ScenarioResult>();
        foreach (var scenario in options.Scenarios)
        {
            await Task.Delay(PauseBetweenScenarios, cancellationToken);
            Console.WriteLine($"run {run} {scenario.Name}: {scenario.Title}");
            var result = await runner.Run(scenario, run, cancellationToken);
            Console.WriteLine(result);
            results.Add(result);
        }

        Console.WriteLine($"run {run}: stopping the platform");
        return (postgres, results);
    }

    private static HttpClient CreateClient(Uri baseAddress, string token) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = OrderSubmitter.BurstConcurrency })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromMinutes(2),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };
}
