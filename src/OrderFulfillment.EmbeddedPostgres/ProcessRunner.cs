using System.Diagnostics;

namespace OrderFulfillment.EmbeddedPostgres;

/// <summary>What a finished child process left behind.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws unless the process exited with 0; <paramref name="what"/> completes "Could not ...".</summary>
    public ProcessResult EnsureSuccess(string what) => ExitCode == 0
        ? this
        : throw new InvalidOperationException(
            $"Could not {what}: `{CommandLine}` exited with {ExitCode}: {StandardError.Trim()} " +
            $"{StandardOutput.Trim()}".TrimEnd());
}

/// <summary>Runs the PostgreSQL tools as child processes and waits for them with a deadline.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs a tool as the user the server runs as: the current one, or <c>postgres</c> when we are root,
    /// because the server refuses to run as root and its files must belong to the user it runs as.</summary>
    public static Task<ProcessResult> RunAsServerUserAsync(string fileName, IReadOnlyList<string> arguments,
        TimeSpan timeout, CancellationToken cancellationToken) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", fileName, .. arguments], timeout, cancellationToken)
            : RunAsync(fileName, arguments, timeout, cancellationToken);

    /// <summary>
    /// Runs a program to its end; on timeout or cancellation kills it with its descendants and throws.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program was not found or could not be
    /// started.</exception>
    public static async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            // The postgres user may not be allowed into our working directory (e.g. /root), and initdb and
            // pg_ctl fail or warn when they cannot return to it.
            WorkingDirectory = "/",
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', [fileName, .. arguments]);
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start `{commandLine}`.");
        // Nothing here reads stdin; closing it keeps a tool from ever waiting on the test host's console.
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"`{commandLine}` did not finish within {timeout}; it was killed.");
        }

        return new ProcessResult(commandLine, process.ExitCode, await output, await error);
    }
}
