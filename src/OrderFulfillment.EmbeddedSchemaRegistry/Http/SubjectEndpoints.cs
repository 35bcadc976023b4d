using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderFulfillment.EmbeddedSchemaRegistry.Store;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Http;

/// <summary>Registering and reading the versions of subjects: <c>/subjects/...</c>.</summary>
internal static class SubjectEndpoints
{
    internal static void MapSubjects(this IEndpointRouteBuilder routes, SchemaStore store)
    {
        routes.MapGet("/subjects", () => RegistryJson.Ok(store.Subjects()));

        routes.MapPost("/subjects/{subject}/versions", async (string subject, HttpRequest request) =>
        {
            var schema = (await RegistryJson.ReadAsync<SchemaRequest>(request)).Parse();
            return RegistryJson.Ok(new SchemaIdBody(store.Register(subject, schema)));
        });

        routes.MapPost("/subjects/{subject}", async (string subject, HttpRequest request) =>
        {
            var schema = (await RegistryJson.ReadAsync<SchemaRequest>(request)).Parse();
            return RegistryJson.Ok(Body(store.Lookup(subject, schema)));
        });

        routes.MapGet("/subjects/{subject}/versions", (string subject) => RegistryJson.Ok(store.Versions(subject)));

        routes.MapGet("/subjects/{subject}/versions/{version}", (string subject, string version) =>
            RegistryJson.Ok(Body(store.Version(subject, VersionSelector.Parse(version)))));

        routes.MapGet("/subjects/{subject}/versions/{version}/schema", (string subject, string version) =>
            Results.Text(store.Version(subject, VersionSelector.Parse(version)).Schema, RegistryJson.ContentType));
    }

    private static RegisteredSchemaBody Body(SubjectVersion v) => new(v.Subject, v.Version, v.Id, v.Schema);
}
