using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderFulfillment.EmbeddedSchemaRegistry.Store;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Http;

/// <summary>
/// Every refusal as Confluent's clients parse it: <c>{"error_code": ..., "message": ...}</c>. Their retry logic keys
/// on the HTTP status and their exceptions carry the error code, so both must be Confluent's.
/// </summary>
internal static class RegistryErrors
{
    internal static void UseRegistryErrors(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (RegistryException ex) when (!context.Response.HasStarted)
            {
                await RegistryJson.Error(ex.StatusCode, ex.ErrorCode, ex.Message).ExecuteAsync(context);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                // Malformed route values or query parameters (verbose=maybe) that binding refused.
                await RegistryJson.Error(StatusCodes.Status400BadRequest, 400, ex.Message).ExecuteAsync(context);
            }
            catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                // A fault of the registry itself: said in the registry's shape, so a client reports it instead of a
                // parse failure. Confluent's clients retry a 500, as they would against Confluent's registry.
                await RegistryJson.Error(StatusCodes.Status500InternalServerError, 500,
                    $"Internal error: {ex.GetType().Name}: {ex.Message}").ExecuteAsync(context);
            }
        });

    internal static void MapUnknownRoutes(this IEndpointRouteBuilder routes) =>
        routes.MapFallback((HttpContext context) =>
            RegistryJson.Error(StatusCodes.Status404NotFound, 404,
                $"HTTP 404 Not Found: {context.Request.Method} {context.Request.Path} is not served by this " +
                $"registry."));
}
