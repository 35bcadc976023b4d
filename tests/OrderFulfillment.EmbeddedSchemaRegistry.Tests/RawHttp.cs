using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

/// <summary>Plain HTTP to a registry, as curl or a client in another language would send it.</summary>
internal sealed class RawHttp(string url) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(url + "/") };

    public static string SchemaBody(string schema) => new JsonObject { ["schema"] = schema }.ToJsonString();

    public Task<Reply> Get(string path) => Send(HttpMethod.Get, path, null);

    public Task<Reply> Post(string path, string body, string contentType = "application/vnd.schemaregistry.v1+json") =>
        Send(HttpMethod.Post, path, new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)));

    public Task<Reply> Put(string path, string body) =>
        Send(HttpMethod.Put, path, new StringContent(body, Encoding.UTF8, "application/json"));

    public Task<Reply> Delete(string path) => Send(HttpMethod.Delete, path, null);

    public void Dispose() => _http.Dispose();

    private async Task<Reply> Send(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
    }
}

/// <summary>A response: its status, media type and body.</summary>
internal sealed record Reply(HttpStatusCode Status, string? MediaType, string Text)
{
    public JsonNode Json => JsonNode.Parse(Text) ?? throw new JsonException("The body is JSON null.");

    /// <summary>Confluent's error code of a refusal, or -1 when the body has none.</summary>
    public int ErrorCode => Json["error_code"]?.GetValue<int>() ?? -1;
}
