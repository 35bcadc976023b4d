using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace OrderFulfillment.Orchestrator.Tests.Operations;

/// <summary>
/// The workers as the orchestrator's HTTP client sees them, stubbed at the HTTP level: each host answers with what the
/// test sets for it (a function of the request), and every request is kept so the test can check what was sent.
/// </summary>
internal sealed class StubWorkers : HttpMessageHandler
{
    public ConcurrentDictionary<string, Func<HttpRequestMessage, Task<HttpResponseMessage>>> Hosts { get; } =
        new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<(string Host, string Path, string? Authorization, string? Body)> Requests { get; } = new();

    public static Uri UrlOf(string service) => new($"http://{service.ToLowerInvariant()}.test/");

    public static Task<HttpResponseMessage> Json<T>(T body) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(body) });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue((request.RequestUri!.Host, request.RequestUri.AbsolutePath,
            request.Headers.Authorization?.Parameter, body));
        return Hosts.TryGetValue(request.RequestUri.Host.Split('.')[0], out var answer)
            ? await answer(request)
            : throw new HttpRequestException($"Connection refused ({request.RequestUri.Host})");
    }
}
