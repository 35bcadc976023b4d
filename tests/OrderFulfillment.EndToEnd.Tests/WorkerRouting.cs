using Microsoft.AspNetCore.TestHost;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>
/// The orchestrator's HTTP client to the workers, for the in-process platform: each worker is a test server with no
/// network address, so a request to <c>http://{name}.e2e/</c> is handed to that worker's server.
/// </summary>
internal sealed class WorkerRouting : HttpMessageHandler
{
    private readonly Dictionary<string, TestServer> _servers = new(StringComparer.OrdinalIgnoreCase);

    public static string Url(string name) => $"http://{name.ToLowerInvariant()}.e2e/";

    public void Add(string name, TestServer server)
    {
        lock (_servers)
        {
            _servers[name.ToLowerInvariant()] = server;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        TestServer? server;
        lock (_servers)
        {
            _servers.TryGetValue(request.RequestUri!.Host.Split('.')[0], out server);
        }

        if (server is null)
        {
            throw new HttpRequestException($"No worker answers at {request.RequestUri}");
        }

        using var invoker = new HttpMessageInvoker(server.CreateHandler());
        return await invoker.SendAsync(request, cancellationToken);
    }
}
