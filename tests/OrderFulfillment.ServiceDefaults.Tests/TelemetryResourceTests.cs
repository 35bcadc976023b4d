using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace OrderFulfillment.ServiceDefaults.Tests;

/// <summary>Replicas of a service are told apart in telemetry by the resource's service instance id.</summary>
public sealed class TelemetryResourceTests
{
    [Test]
    public void Telemetry_ServiceInstanceId_is_the_resources_service_instance_id()
    {
        Attributes("inventory-2").Should().Contain("service.instance.id", "inventory-2");
    }

    [Test]
    public void Without_it_the_instance_id_is_generated()
    {
        // OpenTelemetry's: one random id per process, so each replica still has its own.
        Guid.TryParse(Attributes(null)["service.instance.id"] as string, out _).Should().BeTrue();
    }

    private static Dictionary<string, object> Attributes(string? instanceId)
    {
        var builder = Host.CreateApplicationBuilder();
        if (instanceId is not null)
        {
            builder.Configuration["Telemetry:ServiceInstanceId"] = instanceId;
        }

        builder.AddDefaultTelemetry();
        using var host = builder.Build();
        return host.Services.GetRequiredService<TracerProvider>().GetResource()
            .Attributes.ToDictionary(a => a.Key, a => a.Value);
    }
}
