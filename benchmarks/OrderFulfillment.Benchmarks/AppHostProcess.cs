using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// A fresh platform: the AppHost (Release build) as a child process, with embedded PostgreSQL (fsync on) and the
/// embedded Kafka host, no demo stock, its output in a log file.
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ConcurrentBuildPause = TimeSpan.FromSeconds(30);

    // The services' ports and the embedded Kafka control channel's and schema registry's (AppHost appsettings.json).
    private static readonly int[] FixedPorts = [.. ServiceCatalogue.All.Select(s => s.Port), 5090, 5091];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Process _process;
    private readonly ProcessLog _log;

    private AppHostProcess(Process process, ProcessLog log, PlatformEnvironment environment)
    {
        _process = process;
        _log = log;
        Environment = environment;
    }

    public PlatformEnvironment Environment { get; }

    public int Pid => _process.Id;

    /// <summary>
    /// Builds the AppHost and the services in Release; retried once, since another build may hold their obj/ files.
    /// </summary>
    public static async Task BuildAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var logPath = Path.Combine(RepositoryPaths.Logs, "build.log");
            var (process, log) =
                ProcessLog.StartDotnet(["build", "-c", "Release", RepositoryPaths.AppHostProject], logPath);
            using (process)
            using (log)
            {
                try
                {
                    await process.WaitForExitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw;
                }

                if (process.ExitCode == 0)
                {
                    return;
                }

                if (attempt == 2)
                {
                    throw new InvalidOperationException($"Building the AppHost failed ({logPath}):\n{log.Tail()}");
                }
            }

            Console.WriteLine(
                $"Building the AppHost failed; retrying in {ConcurrentBuildPause.TotalSeconds:0} s in case another " +
                $"build held its files.");
            await Task.Delay(ConcurrentBuildPause, cancellationToken);
        }
    }

    public static async Task<AppHostProcess> StartAsync(int run, CancellationToken cancellationToken)
    {
        await WaitUntilPortsAreFree(cancellationToken);
        var environmentFile = Path.Combine(Path.GetTempPath(), $"orderfulfillment-benchmark-{Guid.NewGuid():N}.json");
        var (process, log) = ProcessLog.StartDotnet(
            [RepositoryPaths.AppHostDll, $"--EnvironmentFile={environmentFile}", "--EnvironmentFileWithSecrets=true",
                "--Demo:SeedStock=false", .. ExtraAppHostArguments()],
            Path.Combine(RepositoryPaths.Logs, $"run-{run}-apphost.log"));
        try
        {
            var environment = await WaitForEnvironmentFile(process, log, environmentFile, cancellationToken);
            return new AppHostProcess(process, log, environment);
        }
        catch
        {
            await Stop(process, log);
            throw;
        }
        finally
        {
            File.Delete(environmentFile);
        }
    }

    public ValueTask DisposeAsync() => new(Stop(_process, _log));

    /// <summary>BENCH_APPHOST_ARGS, split on spaces, is appended to the AppHost's command line, e.g.
    /// <c>--Postgres:TrackStatements=true</c> for profiling; runs with it are not comparable to plain ones.</summary>
    private static string[] ExtraAppHostArguments() =>
        (System.Environment.GetEnvironmentVariable("BENCH_APPHOST_ARGS") ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<PlatformEnvironment> WaitForEnvironmentFile(Process process, ProcessLog log, string file,
        CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(file))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The AppHost exited with code {process.ExitCode} while starting ({log.Path}):\n{log.Tail()}");
            }

            if (deadline.Elapsed > StartDeadline)
            {
                throw new TimeoutException(
                    $"The AppHost was not ready within {StartDeadline} ({log.Path}):\n{log.Tail()}");
            }

            await Task.Delay(250, cancellationToken);
        }

        return JsonSerializer.Deserialize<PlatformEnvironment>(await File.ReadAllTextAsync(file, cancellationToken),
            Json)
            ?? throw new InvalidOperationException($"The environment file {file} is empty.");
    }

    private static async Task Stop(Process process, ProcessLog log)
    {
        if (!process.HasExited)
        {
            _ = NativeMethods.Kill(process.Id, NativeMethods.SigTerm);
            using var grace = new CancellationTokenSource(StopDeadline);
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine(
                    $"The AppHost did not stop within {StopDeadline.TotalSeconds:0} s of SIGTERM; killing it and its " +
                    $"children.");
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        process.Dispose();
        log.Dispose();
    }

    /// <summary>
    /// A previous AppHost (or anything else) on the services' fixed ports would take this run's requests.
    /// </summary>
    private static async Task WaitUntilPortsAreFree(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (FixedPorts.Where(IsListening).ToList() is { Count: > 0 } busy)
        {
            if (deadline.Elapsed > StopDeadline)
            {
                throw new InvalidOperationException(
                    $"Ports {string.Join(", ", busy)} are in use: is another AppHost running? Stop it and start the " +
                    $"benchmark again.");
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("localhost", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
