namespace OrderFulfillment.Orchestrator.OperationsConsole;

/// <summary>
/// The operations console at <c>/console/</c>: static files embedded in this assembly (OperationsConsole/wwwroot),
/// served as they are. Anonymous, as the page holds no data: its script calls <c>/operations/...</c> with the
/// operator's bearer token, which never reaches this endpoint (the page takes it from the URL fragment or a form).
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>The console's address on the orchestrator.</summary>
    public const string Path = "/console/";

    private const string ResourcePrefix = "console/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapGet(Path + "{file?}", Serve).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(string? file, HttpContext context)
    {
        if (string.IsNullOrEmpty(file) && context.Request.Path.Value?.EndsWith('/') != true)
        {
            // Routing matches /console too; the page's relative links need the slash.
            return Results.Redirect(Path);
        }

        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        var contentType = ContentTypes.GetValueOrDefault(System.IO.Path.GetExtension(name));
        var stream = contentType is null ? null
            : typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null)
        {
            return Results.NotFound();
        }

        // The page must be what this build serves, and it holds no data: no caching, no framing by other sites.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.XFrameOptions = "DENY";
        context.Response.Headers.ContentSecurityPolicy =
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        return Results.Stream(stream, contentType);
    }
}
