using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderFulfillment.EmbeddedSchemaRegistry.Http;
using OrderFulfillment.EmbeddedSchemaRegistry.Store;

namespace OrderFulfillment.EmbeddedSchemaRegistry;

/// <summary>
/// An in-process schema registry serving the part of the Confluent Schema Registry REST API that Confluent's clients
/// (<c>CachedSchemaRegistryClient</c>, the Avro serdes) and common tools use, on 127.0.0.1. Schemas, subjects and
/// modes live in memory and are lost on dispose. New versions are checked with
/// <see cref="Schemas.SchemaCompatibility"/>, the same rules as the CI gate. AVRO only, without references.
/// </summary>
public sealed class EmbeddedSchemaRegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedSchemaRegistryServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:5091</c>: what <c>schema.registry.url</c> takes.</summary>
    public string Url { get; }

    /// <summary>Starts a registry and returns once it accepts requests.</summary>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<EmbeddedSchemaRegistryServer> StartAsync(EmbeddedSchemaRegistryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddedSchemaRegistryOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        var builder = WebApplication.CreateSlimBuilder();
        // The registry runs inside other programs (the AppHost, test processes): their appsettings.json and
        // environment (Urls, Kestrel endpoints, Logging levels) are theirs, not the registry's.
        builder.Configuration.Sources.Clear();
        // The host has already taken ASPNETCORE_URLS in; an empty value leaves Kestrel to the one endpoint below.
        builder.Configuration.AddInMemoryCollection([new(WebHostDefaults.ServerUrlsKey, string.Empty)]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A query or route value that does not bind (verbose=maybe) throws, so RegistryErrors answers it in Confluent's shape.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Loopback only: the registry accepts writes from anyone who can reach it.
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));

        var app = builder.Build();
        var store = new SchemaStore(options.DefaultCompatibility);
        app.UseRegistryErrors();
        app.MapGet("/", () => RegistryJson.Ok(new { }));
        app.MapSubjects(store);
        app.MapSchemas(store);
        app.MapCompatibility(store);
        app.MapConfig(store, options.DefaultCompatibility);
        app.MapUnknownRoutes();
        await app.StartAsync(cancellationToken);

        return new EmbeddedSchemaRegistryServer(app, app.Urls.Single().TrimEnd('/'));
    }

    /// <summary>Stops serving and frees the port; everything registered is forgotten.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
