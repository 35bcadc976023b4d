using OrderFulfillment.AppHost;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.FaultTests;

/// <summary>
/// One running instance of a service: its own OS process started with <c>dotnet &lt;dll&gt;</c> from the build output,
/// its own port, its output in a log file of its own. Several instances of one service share its database and consumer
/// groups, as replicas in production do.
/// </summary>
internal sealed class ServiceInstance : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(2);

    private readonly ChildProcess _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _stopped;
    private bool _closed;

    private ServiceInstance(ServiceDefinition service, string name, Uri url, ChildProcess process, StreamWriter log,
        DateTimeOffset startedAt)
    {
        Service = service;
        Name = name;
        Url = url;
        _process = process;
        _log = log;
        StartedAt = startedAt;
    }

    public ServiceDefinition Service { get; }

    /// <summary>Unique per instance, e.g. <c>inventory-2</c>; also its log file's name.</summary>
    public string Name { get; }

    public Uri Url { get; }

    /// <summary>When its process was started.</summary>
    public DateTimeOffset StartedAt { get; }

    public bool HasExited => _process.HasExited;

    public static ServiceInstance Start(ServiceDefinition service, string name, int port,
        IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var url = new Uri($"http://127.0.0.1:{port}");
        var log = new StreamWriter(Path.Combine(logDirectory, name + ".log"), append: true) { AutoFlush = true };
        var settings = new Dictionary<string, string>(environment) { ["Urls"] = url.ToString() };
        ServiceInstance? instance = null;
        var startedAt = DateTimeOffset.UtcNow;
        var process = ChildProcess.Start(service.Name, name, [], settings, line => instance?.Write(line));
        instance = new ServiceInstance(service, name, url, process, log, startedAt);
        instance.Write($"--- started {startedAt:O} as pid {process.Id} on {url}");
        return instance;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200: its database and every Kafka endpoint are up.</summary>
    public async Task WaitUntilReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyDeadline);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited while starting; see its log.");
            }

            try
            {
                if (await IsReadyAsync(http, deadline.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} was not ready at {Url} within {ReadyDeadline}.");
            }

            await Task.Delay(200, deadline.Token);
        }
    }

    /// <summary>Whether <c>/health/ready</c> answers 200 now (false while the instance does not even listen).</summary>
    public async Task<bool> IsReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(Url, "/health/ready"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// SIGKILL: the process dies at once, nothing of its shutdown runs, its consumers never leave their groups.
    /// </summary>
    public async Task KillAsync()
    {
        Write($"--- SIGKILL {DateTimeOffset.UtcNow:O}");
        await _process.KillAsync();
        await CloseAsync();
    }

    /// <summary>
    /// SIGTERM: the graceful stop of a deploy (killed only if it has not stopped within the grace period).
    /// </summary>
    public async Task StopAsync()
    {
        Write($"--- SIGTERM {DateTimeOffset.UtcNow:O}");
        await _process.DisposeAsync();
        await CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync();
        }
    }

    private async Task CloseAsync()
    {
        _stopped = true;
        Write($"--- exited {DateTimeOffset.UtcNow:O}");
        lock (_logLock)
        {
            _closed = true;
        }

        await _log.DisposeAsync();
    }

    private void Write(string line)
    {
        lock (_logLock)
        {
            if (!_closed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
