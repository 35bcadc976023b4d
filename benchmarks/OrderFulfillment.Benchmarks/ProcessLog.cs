using System.Diagnostics;

namespace OrderFulfillment.Benchmarks;

/// <summary>A child process's output, written to a log file instead of the benchmark's console.</summary>
internal sealed class ProcessLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();
    private bool _disposed;

    private ProcessLog(string path)
    {
        Path = path;
        _writer = new StreamWriter(path, append: false) { AutoFlush = true };
    }

    public string Path { get; }

    /// <summary>
    /// Starts <c>dotnet</c> with <paramref name="arguments"/> in the repository root, logging to <paramref
    /// name="logPath"/>.
    /// </summary>
    public static (Process Process, ProcessLog Log) StartDotnet(IEnumerable<string> arguments, string logPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var log = new ProcessLog(logPath);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.OutputDataReceived += (_, e) => log.Write(e.Data);
        process.ErrorDataReceived += (_, e) => log.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, log);
    }

    /// <summary>The last lines, for an error message that explains itself.</summary>
    public string Tail(int lines = 40)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _writer.Flush();
            }
        }

        using var reader = new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var all = reader.ReadToEnd().Split('\n');
        return string.Join('\n', all.TakeLast(lines));
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _writer.Dispose();
        }
    }

    private void Write(string? line)
    {
        lock (_lock)
        {
            // A killed process's last lines may arrive after the log is closed; they are not worth a crash.
            if (line is not null && !_disposed)
            {
                _writer.WriteLine(line);
            }
        }
    }
}
