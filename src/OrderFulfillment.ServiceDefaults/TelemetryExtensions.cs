using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Persistence.EntityFrameworkCore;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>OpenTelemetry as every service configures it.</summary>
public static class TelemetryExtensions
{
    /// <summary>Name of the platform's own ActivitySource and Meter (services add instruments under it).</summary>
    public const string PlatformSource = "OrderFulfillment";

    /// <summary>Where every service serves its metrics in Prometheus' text format.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Traces (HTTP in and out, MassTransit, the Kafka rider, Npgsql) and metrics (the same, plus runtime). Metrics are
    /// always served for Prometheus at <see cref="MetricsPath"/>; both are exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, to the console when <c>Telemetry:Console</c> is true, and traces go
    /// nowhere otherwise (then spans are not sampled; trace ids still propagate). The resource's
    /// <c>service.instance.id</c> is <c>Telemetry:ServiceInstanceId</c> when set.
    /// </summary>
    public static TBuilder AddDefaultTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            // Telemetry:ServiceInstanceId tells replicas apart (the AppHost sets inventory-2 and so on); else a random
            // id.
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName,
                serviceInstanceId: builder.Configuration["Telemetry:ServiceInstanceId"]))
            .WithTracing(t => t
                .AddSource(PlatformSource, "MassTransit", KafkaTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsProbe(c.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(m => m
                .AddMeter(PlatformSource, "MassTransit", KafkaTelemetry.Name, PersistenceTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
        else if (builder.Configuration.GetValue<bool>("Telemetry:Console"))
        {
            telemetry.WithTracing(t => t.AddConsoleExporter()).WithMetrics(m => m.AddConsoleExporter());
        }
        else
        {
            // Nowhere to export: spans would be filled with tags and dropped (profiled, 6 % of the orchestrator's CPU).
            // Unsampled, they still carry trace ids, which propagate in the Kafka headers and reach the journal.
            telemetry.WithTracing(t => t.SetSampler(new AlwaysOffSampler()));
        }

        return builder;
    }

    // Probes and scrapes every few seconds would bury the traces people look for.
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health")
        || path.StartsWithSegments(MetricsPath);
}
