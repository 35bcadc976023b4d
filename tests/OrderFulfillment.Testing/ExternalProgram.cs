using System.Diagnostics;
using NUnit.Framework;

namespace OrderFulfillment.Testing;

/// <summary>What a finished child process left: its exit code and everything it wrote.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Output">Everything written to standard output.</param>
/// <param name="Errors">Everything written to standard error.</param>
public sealed record ExternalProgramResult(int ExitCode, string Output, string Errors);

/// <summary>Runs a program other than .NET (python3, bash) to its end, as a user of a script would.</summary>
public static class ExternalProgram
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (and <paramref name="environment"/> added to
    /// this process's) until it exits. Past <paramref name="deadline"/> it is killed with its children and the test
    /// fails.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program does not exist or cannot be
    /// started.</exception>
    public static async Task<ExternalProgramResult> RunAsync(string fileName, IEnumerable<string> arguments,
        TimeSpan deadline, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return await RunAsync(start, deadline);
    }

    /// <summary>
    /// Runs the program <paramref name="start"/> describes (its output is redirected here) until it exits. Past
    /// <paramref name="deadline"/> it is killed with its children and the test fails.
    /// </summary>
    public static async Task<ExternalProgramResult> RunAsync(ProcessStartInfo start, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {deadline}. "
                + $"It wrote: {await errors}");
        }

        return new ExternalProgramResult(process.ExitCode, await output, await errors);
    }
}
