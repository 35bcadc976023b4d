using System.Diagnostics;

namespace OrderFulfillment.EmbeddedPostgres.Tests;

internal static class Processes
{
    /// <summary>True while the process runs. A zombie counts as exited: the postmaster is reparented to PID 1,
    /// which in some containers reaps late, yet a zombie holds no port, memory or files.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            // The state follows the parenthesised command name, which may itself contain spaces or parentheses.
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Polls until the process has exited or the deadline passes; returns whether it exited.</summary>
    public static async Task<bool> WaitUntilExitedAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        return true;
    }
}
