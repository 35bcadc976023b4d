using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using OrderFulfillment.EmbeddedSchemaRegistry.Store;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Http;

/// <summary>
/// Schemas by global id: <c>/schemas/...</c>. Query parameters such as <c>subject</c>, <c>format</c> or
/// <c>fetchMaxId</c> are accepted and ignored: ids are global and there is one format.
/// </summary>
internal static class SchemaEndpoints
{
    private static readonly string[] SchemaTypes = ["AVRO"];

    internal static void MapSchemas(this IEndpointRouteBuilder routes, SchemaStore store)
    {
        routes.MapGet("/schemas/ids/{id:int}", (int id) => RegistryJson.Ok(new SchemaBody(store.SchemaText(id))));

        routes.MapGet("/schemas/ids/{id:int}/versions", (int id) =>
            RegistryJson.Ok(store.UsesOf(id).Select(v => new SubjectVersionBody(v.Subject, v.Version))));

        routes.MapGet("/schemas/types", () => RegistryJson.Ok(SchemaTypes));
    }
}
