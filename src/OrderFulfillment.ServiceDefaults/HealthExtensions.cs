using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>Liveness and readiness endpoints as every service exposes them.</summary>
public static class HealthExtensions
{
    /// <summary>Tag of checks that must pass before a service takes traffic (database, Kafka endpoints).</summary>
    public const string Ready = "ready";

    /// <summary>Tag of the liveness check: the process answers.</summary>
    public const string Live = "live";

    /// <summary>
    /// Adds the liveness check; services add their readiness checks with the <see cref="Ready"/> tag.
    /// </summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [Live]);
        return builder;
    }

    /// <summary>
    /// Errors as problem details, authentication, authorisation and rate limits (in that order, so a refused request
    /// is answered as problem details and limited by who it is), the OpenAPI document at <c>/openapi/v1.json</c>,
    /// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (every check tagged ready passes; MassTransit
    /// tags its bus and endpoint checks ready, which covers Kafka) and the Prometheus metrics at
    /// <see cref="TelemetryExtensions.MetricsPath"/>. Health, OpenAPI and metrics need no token: probes, client
    /// generators and scrapers have none, and metrics carry counts and durations, never a tenant, order or customer.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi().AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(TelemetryExtensions.MetricsPath).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Live) })
            .AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) })
            .AllowAnonymous();
        return app;
    }
}
