using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using OrderFulfillment.EmbeddedSchemaRegistry.Store;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Http;

/// <summary>The registry's JSON: Confluent's media type, camelCase names, absent fields left out.</summary>
internal static class RegistryJson
{
    public const string ContentType = "application/vnd.schemaregistry.v1+json";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Schemas are JSON inside JSON strings: quotes as \" (as Confluent writes them) rather than \u0022, so a
        // schema read with curl is legible. Nothing here is ever embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Ok<T>(T body) => Results.Json(body, Options, ContentType);

    public static IResult Error(int statusCode, int errorCode, string message) =>
        Results.Json(new ErrorBody(errorCode, message), Options, ContentType, statusCode);

    /// <summary>
    /// Reads the body whatever its declared content type: Confluent's clients send their own media type, curl users
    /// often none at all.
    /// </summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted)
                ?? throw RegistryException.BadRequest("The request body is empty.");
        }
        catch (JsonException ex)
        {
            throw RegistryException.BadRequest("The request body is not valid JSON: " + ex.Message);
        }
    }
}

/// <summary>A schema sent to register, look up or check.</summary>
internal sealed record SchemaRequest(string? Schema, string? SchemaType, IReadOnlyList<JsonElement>? References,
    JsonElement? Metadata, JsonElement? RuleSet)
{
    public CandidateSchema Parse()
    {
        if (Metadata is { ValueKind: not JsonValueKind.Null } || RuleSet is { ValueKind: not JsonValueKind.Null })
        {
            throw RegistryException.InvalidSchema("schema metadata and rule sets are not supported.");
        }

        return CandidateSchema.Parse(Schema, SchemaType, References?.Count ?? 0);
    }
}

internal sealed record ConfigRequest(string? Compatibility);

internal sealed record ErrorBody([property: JsonPropertyName("error_code")] int ErrorCode, string Message);

internal sealed record SchemaIdBody(int Id);

internal sealed record SchemaBody(string Schema);

internal sealed record SubjectVersionBody(string Subject, int Version);

internal sealed record RegisteredSchemaBody(string Subject, int Version, int Id, string Schema);

internal sealed record CompatibilityCheckBody(
    [property: JsonPropertyName("is_compatible")] bool IsCompatible,
    IReadOnlyList<string>? Messages);

internal sealed record CompatibilityLevelBody(string CompatibilityLevel);

internal sealed record CompatibilityBody(string Compatibility);
