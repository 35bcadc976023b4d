using Microsoft.Extensions.Hosting;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>The one call each service's Program.cs makes for what all services share.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Telemetry and health checks.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder =>
        builder.AddDefaultTelemetry().AddDefaultHealthChecks();
}
