using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderFulfillment.EmbeddedSchemaRegistry.Store;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Http;

/// <summary>
/// Compatibility modes: global (<c>/config</c>) and per subject (<c>/config/{subject}</c>). Reads answer
/// <c>compatibilityLevel</c> and writes <c>compatibility</c>, as Confluent's registry does.
/// </summary>
internal static class ConfigEndpoints
{
    internal static void MapConfig(this IEndpointRouteBuilder routes, SchemaStore store, CompatibilityMode defaultMode)
    {
        routes.MapGet("/config", () => Level(store.GlobalMode));

        routes.MapPut("/config", async (HttpRequest request) =>
        {
            var mode = await ReadModeAsync(request);
            store.GlobalMode = mode;
            return Set(mode);
        });

        routes.MapDelete("/config", () =>
        {
            var previous = store.GlobalMode;
            store.GlobalMode = defaultMode;
            return Level(previous);
        });

        routes.MapGet("/config/{subject}", (string subject, bool? defaultToGlobal) =>
            store.SubjectMode(subject) is { } mode ? Level(mode)
            : defaultToGlobal == true ? Level(store.GlobalMode)
            : throw RegistryException.SubjectCompatibilityNotConfigured(subject));

        routes.MapPut("/config/{subject}", async (string subject, HttpRequest request) =>
        {
            var mode = await ReadModeAsync(request);
            store.SetSubjectMode(subject, mode);
            return Set(mode);
        });

        routes.MapDelete("/config/{subject}", (string subject) => Level(store.DeleteSubjectMode(subject)));
    }

    private static async Task<CompatibilityMode> ReadModeAsync(HttpRequest request)
    {
        var body = await RegistryJson.ReadAsync<ConfigRequest>(request);
        return CompatibilityModeNames.TryParse(body.Compatibility, out var mode)
            ? mode
            : throw RegistryException.InvalidCompatibilityLevel(body.Compatibility);
    }

    private static IResult Level(CompatibilityMode mode) =>
        RegistryJson.Ok(new CompatibilityLevelBody(mode.ToRegistryName()));

    private static IResult Set(CompatibilityMode mode) => RegistryJson.Ok(new CompatibilityBody(mode.ToRegistryName()));
}
