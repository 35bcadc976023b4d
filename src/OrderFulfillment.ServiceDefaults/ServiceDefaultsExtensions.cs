using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>The one call each service's Program.cs makes for what all services share.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Telemetry, health checks, RFC 7807 problem details for errors, the OpenAPI document, bearer authentication with
    /// scope policies (<c>Auth</c> settings) and the rate limiter.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddDefaultTelemetry().AddDefaultHealthChecks().AddPlatformAuthentication();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddBearerTokens());
        builder.Services.AddPlatformRateLimiter();
        return builder;
    }
}
