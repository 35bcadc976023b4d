namespace OrderFulfillment.AppHost;

/// <summary>A started service the AppHost waits for: its name, its process and its address.</summary>
internal sealed record StartingService(string Name, ChildProcess Process, Uri Url);

/// <summary>
/// Waits until every service answers <c>/health/ready</c>, watching all of them at once: a service that exits during
/// start is reported at once with its cause, not after the wait for another one has run out.
/// </summary>
internal static class ServiceReadiness
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <exception cref="PlatformStartException">A service exited, or was not ready within <paramref
    /// name="within"/>.</exception>
    public static async Task WaitAsync(IReadOnlyList<StartingService> services, TimeSpan within,
        CancellationToken cancellationToken)
    {
        // A program holding a service's port may accept and never answer: one probe must not eat the whole wait.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        var waiting = services.ToList();
        try
        {
            while (true)
            {
                // Checked before probing: whatever else answers on a dead service's port is not that service.
                if (services.FirstOrDefault(s => s.Process.HasExited) is { } exited)
                {
                    throw new PlatformStartException(
                        $"{exited.Name} exited during start with code {exited.Process.ExitCode}: " +
                        $"{exited.Process.ExitCause()}");
                }

                foreach (var service in waiting.ToList())
                {
                    if (await IsReady(http, service.Url, deadline.Token))
                    {
                        waiting.Remove(service);
                    }
                }

                if (waiting.Count == 0)
                {
                    return;
                }

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PlatformStartException(
                $"{string.Join(", ", waiting.Select(s => $"{s.Name} ({s.Url})"))} not ready within " +
                $"{within.TotalSeconds:0} s; the output is above.");
        }
    }

    private static async Task<bool> IsReady(HttpClient http, Uri url, CancellationToken deadline)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(url, "/health/ready"), deadline);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
        {
            return false; // the probe's own timeout
        }
    }
}
