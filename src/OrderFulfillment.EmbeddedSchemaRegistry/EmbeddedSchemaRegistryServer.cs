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
    private readonly Outage _outage;

    private EmbeddedSchemaRegistryServer(WebApplication app, string url, Outage outage)
    {
        _app = app;
        Url = url;
        _outage = outage;
    }

    /// <summary>
    /// Fault injection: while true, every request is answered 503 Service Unavailable, as a registry that is down
    /// behind its load balancer; what was registered is kept.
    /// </summary>
    public bool Unavailable
    {
        get => _outage.IsOn;
        set => _outage.IsOn = value;
    }

    /// <summary>How many requests were answered 503 because of <see cref="Unavailable"/>.</summary>
    public int RefusedRequests => _outage.Refused;

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
        // A query or route value that does not bind (verbose=maybe) throws, so RegistryErrors answers it in Confluent's
        // shape.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Loopback only: the registry accepts writes from anyone who can reach it.
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));

        var app = builder.Build();
        var store = new SchemaStore(options.DefaultCompatibility);
        var outage = new Outage();
        app.Use((context, next) =>
        {
            if (!outage.IsOn)
            {
                return next(context);
            }

            outage.CountRefused();
            context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
            return Task.CompletedTask;
        });
        app.UseRegistryErrors();
        app.MapGet("/", () => RegistryJson.Ok(new { }));
        app.MapSubjects(store);
        app.MapSchemas(store);
        app.MapCompatibility(store);
        app.MapConfig(store, options.DefaultCompatibility);
        app.MapUnknownRoutes();
        await app.StartAsync(cancellationToken);

        return new EmbeddedSchemaRegistryServer(app, app.Urls.Single().TrimEnd('/'), outage);
    }

    private sealed class Outage
    {
        private volatile bool _isOn;
        private int _refused;

        public int Refused => Volatile.Read(ref _refused);

        public void CountRefused() => Interlocked.Increment(ref _refused);

        public bool IsOn
        {
            get => _isOn;
            set => _isOn = value;
        }
    }

    /// <summary>Stops serving and frees the port; everything registered is forgotten.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
