using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OrderFulfillment.Testing;

namespace OrderFulfillment.AppHost.Tests;

/// <summary>
/// One run of the built AppHost as a process, on free ports (never the default 5080-5091 other runs use), with its own
/// temporary folder (where the embedded PostgreSQL cluster goes) and a marker in its environment that every child
/// inherits, so what it leaves behind can be told from other runs on the machine.
/// </summary>
internal sealed class AppHostRun : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    private readonly string _marker = "ORDERFULFILLMENT_APPHOST_TEST_RUN=" + Guid.NewGuid().ToString("N");

    public AppHostRun()
    {
        TemporaryDirectory = Directory.CreateTempSubdirectory("orderfulfillment-apphost-run-").FullName;
        // The embedded cluster runs as the postgres user when the tests run as root: it must reach its folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(TemporaryDirectory, (UnixFileMode)0b111_111_111);
        }

        Ports = PlatformServices.All.ToDictionary(s => s.Name, _ => FreePort());
    }

    /// <summary>The AppHost's TMPDIR.</summary>
    public string TemporaryDirectory { get; }

    /// <summary>Each service's port, by name.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    public int ControlPort { get; } = FreePort();

    public int RegistryPort { get; } = FreePort();

    /// <summary>Runs the AppHost to its end with these extra environment variables.</summary>
    public Task<ExternalProgramResult> RunAsync(IReadOnlyDictionary<string, string>? environment = null) =>
        ExternalProgram.RunAsync("dotnet", Arguments(), Deadline, Variables(environment));

    /// <summary>
    /// Starts the AppHost, waits until it has written its environment file (so it is ready), runs
    /// <paramref name="whileRunning"/> with the file, then stops the AppHost with SIGTERM, as Ctrl+C would, and returns
    /// what it wrote.
    /// </summary>
    public async Task<ExternalProgramResult> RunUntilReadyAsync(IReadOnlyDictionary<string, string> environment,
        Func<JsonElement, Task> whileRunning)
    {
        var file = Path.Combine(TemporaryDirectory, "environment.json");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in Arguments().Append($"--EnvironmentFile={file}"))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Variables(environment))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var deadline = new CancellationTokenSource(Deadline);
            while (!File.Exists(file))
            {
                if (process.HasExited)
                {
                    Assert.Fail($"The AppHost exited with {process.ExitCode} before it was ready: {await errors}");
                }

                await Task.Delay(500, deadline.Token);
            }

            await whileRunning(
                JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(file, deadline.Token)));
        }
        finally
        {
            if (!process.HasExited)
            {
                // A failed kill shows as the wait below running out.
                await ExternalProgram.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)],
                    TimeSpan.FromSeconds(10));
            }

            using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(stopping.Token);
        }

        return new ExternalProgramResult(process.ExitCode, await output, await errors);
    }

    private Dictionary<string, string> Variables(IReadOnlyDictionary<string, string>? environment)
    {
        var (name, value) = (_marker.Split('=')[0], _marker.Split('=')[1]);
        return new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["TMPDIR"] = TemporaryDirectory,
            [name] = value,
        };
    }

    private string[] Arguments() =>
    [
        AppHostDll(),
        .. Ports.Select(p => $"--Services:{p.Key}:Url=http://localhost:{p.Value}"),
        $"--Kafka:EmbeddedControlPort={ControlPort}",
        $"--SchemaRegistry:EmbeddedPort={RegistryPort}",
    ];

    /// <summary>
    /// The processes still running that this run started (children, the embedded cluster's postgres).
    /// </summary>
    public IReadOnlyList<string> ProcessesLeft() =>
    [
        .. Directory.EnumerateDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Select(d => (CommandLine: Read(Path.Combine(d, "cmdline")), Environment: Read(Path.Combine(d, "environ"))))
            .Where(p => p.Environment.Contains(_marker, StringComparison.Ordinal)
                || p.CommandLine.Contains(TemporaryDirectory, StringComparison.Ordinal))
            .Select(p => p.CommandLine.Replace('\0', ' ')),
    ];

    /// <summary>
    /// What is left in the run's temporary folder (a PostgreSQL cluster would be <c>orderfulfillment-pg-*</c>).
    /// </summary>
    public IReadOnlyList<string> FilesLeft() =>
        [.. Directory.EnumerateFileSystemEntries(TemporaryDirectory).Select(Path.GetFileName)!];

    public void Dispose() => Directory.Delete(TemporaryDirectory, recursive: true);

    /// <summary>
    /// A listener on 127.0.0.1:<paramref name="port"/>, as another program holding the port would be.
    /// </summary>
    public static TcpListener Take(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return listener;
    }

    /// <summary>A port free right now (the kernel's pick, released at once).</summary>
    public static int FreePort()
    {
        using var listener = Take(0);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The AppHost built in the same configuration as these tests (bin/{Configuration}/{TargetFramework}/).
    private static string AppHostDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return RepositoryFiles.Path("src", "OrderFulfillment.AppHost", "bin", output.Parent!.Name, output.Name,
            "OrderFulfillment.AppHost.dll");
    }

    // A process may end while being read, or belong to someone else.
    private static string Read(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
