using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrderFulfillment.EmbeddedKafka.Control;

/// <summary>
/// A loopback-only HTTP control channel for an embedded cluster, so processes other than the one hosting the cluster
/// (tests, the platform launcher, a developer with curl) can provision topics and inject faults. It binds to
/// 127.0.0.1 only: fault injection must never be reachable from another host.
/// </summary>
public sealed class EmbeddedKafkaControlServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedKafkaControlServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>
    /// Starts serving <paramref name="cluster"/> on 127.0.0.1:<paramref name="port"/> (0 picks a free port).
    /// </summary>
    public static async Task<EmbeddedKafkaControlServer> StartAsync(IKafkaClusterControl cluster, int port = 0,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in ControlJson.Options.Converters)
            {
                o.SerializerOptions.Converters.Add(converter);
            }
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapClusterControl(cluster);
        await app.StartAsync(cancellationToken);

        var bound = app.Urls.Single();
        return new EmbeddedKafkaControlServer(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    /// <summary>Stops serving; the cluster itself is left running.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
