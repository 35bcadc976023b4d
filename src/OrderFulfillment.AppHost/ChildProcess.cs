using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OrderFulfillment.AppHost;

/// <summary>
/// A platform process started with <c>dotnet</c>, its output prefixed with its name, stopped gracefully.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(15);
    private const int SigTerm = 15;

    private const int SigKill = 9;

    private const int TailLines = 40;

    private readonly Process _process;
    private readonly string _name;
    private readonly Queue<string> _tail = new();

    private ChildProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Starts the program registered in this assembly's metadata as <c>ChildProcess:{key}</c>.</summary>
    /// <remarks>
    /// Each output line goes to <paramref name="output"/> when given, else to the console prefixed with the name.
    /// </remarks>
    public static ChildProcess Start(string key, string name, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, Action<string>? output = null)
    {
        ChildPrograms.ThrowIfNotBuilt([key]);
        var path = ChildPrograms.PathOf(key);

        // The program's own folder is its content root, where its appsettings.json lies.
        var start = new ProcessStartInfo(ChildPrograms.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(path)!,
        };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new PlatformStartException($"{name} could not be started.");
        }
        catch (Win32Exception e)
        {
            throw new PlatformStartException(
                $"{name} could not be started: 'dotnet' was not found or cannot run ({e.Message}). Install the .NET " +
                $"SDK or put dotnet on PATH.", e);
        }

        var child = new ChildProcess(process, name);
        var print = output ?? (line => Console.WriteLine($"[{name}] {line}"));
        process.OutputDataReceived += (_, e) => child.Receive(print, e.Data);
        process.ErrorDataReceived += (_, e) => child.Receive(print, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Why the process ended, in one line: the first exception message in its last output lines (how .NET reports an
    /// unhandled exception, e.g. Kestrel's "Failed to bind to address"), else its last line.
    /// </summary>
    public string ExitCause()
    {
        string[] lines;
        lock (_tail)
        {
            lines = [.. _tail];
        }

        var exception = lines.Select(l => l.IndexOf("Exception: ",
            StringComparison.Ordinal) is var i and >= 0 ? l[(i + "Exception: ".Length)..] : null)
            .FirstOrDefault(m => !string.IsNullOrWhiteSpace(m));
        return (exception ?? lines.LastOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? "it printed nothing").Trim();
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM), and kills it if it has not stopped within the grace period.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            using var grace = new CancellationTokenSource(GracePeriod);
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"[{_name}] did not stop within {GracePeriod.TotalSeconds:0} s; killing it.");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
    }

    /// <summary>Kills the process at once with SIGKILL, as a crash would: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigKill);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    private void Receive(Action<string> print, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }

        print(line);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
