using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>The one call each service's Program.cs makes for what all services share.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Telemetry, health checks, RFC 7807 problem details for errors, and the OpenAPI document.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddDefaultTelemetry().AddDefaultHealthChecks();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }
}
