using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderFulfillment.EmbeddedSchemaRegistry.Store;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Http;

/// <summary>
/// Compatibility checks that register nothing: against one version of a subject (<c>.../versions/{version}</c>,
/// under the subject's mode), or against what registering would check (<c>.../versions</c>). <c>?verbose=true</c>
/// adds the problems.
/// </summary>
internal static class CompatibilityEndpoints
{
    internal static void MapCompatibility(this IEndpointRouteBuilder routes, SchemaStore store)
    {
        routes.MapPost("/compatibility/subjects/{subject}/versions/{version}",
            async (string subject, string version, bool? verbose, HttpRequest request) =>
        {
            var selector = VersionSelector.Parse(version);
            var schema = (await RegistryJson.ReadAsync<SchemaRequest>(request)).Parse();
            return Body(store.CheckCompatibility(subject, selector, schema), verbose);
        });

        routes.MapPost("/compatibility/subjects/{subject}/versions",
            async (string subject, bool? verbose, HttpRequest request) =>
        {
            var schema = (await RegistryJson.ReadAsync<SchemaRequest>(request)).Parse();
            return Body(store.CheckCompatibility(subject, null, schema), verbose);
        });
    }

    private static IResult Body(Schemas.CompatibilityResult result, bool? verbose) =>
        RegistryJson.Ok(new CompatibilityCheckBody(result.IsCompatible, verbose == true ? result.Problems : null));
}
