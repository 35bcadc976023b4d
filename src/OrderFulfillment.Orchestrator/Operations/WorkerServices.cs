using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>
/// The worker services the operations hub calls over HTTP, each at <c>Services:{Name}:Url</c>. A call made for an
/// operator forwards the operator's bearer token; one the orchestrator makes on its own (reconciliation) presents
/// <c>Services:Token</c>. Neither reads a worker's database.
/// </summary>
public sealed class WorkerServices(IHttpClientFactory clients, IOptions<WorkerServicesOptions> options)
{
    /// <summary>The catalogue's workers, by the name their settings and answers use.</summary>
    public static readonly IReadOnlyList<string> Names = [.. ServiceCatalogue.Workers.Select(w => w.Name)];

    /// <summary>How long one call to a worker may take before it counts as unreachable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The worker's base address, or null when <c>Services:{name}:Url</c> is not set.</summary>
    public Uri? UrlOf(string name) => name switch
    {
        "Inventory" => options.Value.Inventory.Url,
        "Payments" => options.Value.Payments.Url,
        "Shipping" => options.Value.Shipping.Url,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a worker service."),
    };

    /// <summary>
    /// The token the orchestrator presents on its own behalf (<c>Services:Token</c>); null when not set.
    /// </summary>
    public string? OwnToken => options.Value.Token is { Length: > 0 } token ? token : null;

    /// <summary>
    /// A request to <paramref name="name"/> at <paramref name="path"/> carrying <paramref name="bearer"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(string name, HttpMethod method, string path, string? bearer,
        HttpContent? content, CancellationToken cancellationToken)
    {
        var baseUrl = UrlOf(name) ?? throw new InvalidOperationException($"Services:{name}:Url is not set.");
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path)) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await clients.CreateClient(nameof(WorkerServices)).SendAsync(request, cancellationToken);
    }

    /// <summary>The bearer token of the request being served, to forward; null when it carries none.</summary>
    public static string? BearerOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim()
            : null;
    }
}
