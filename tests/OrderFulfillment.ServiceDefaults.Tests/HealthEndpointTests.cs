using System.Net;
using FluentAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.ServiceDefaults.Tests;

public sealed class HealthEndpointTests
{
    [Test]
    public async Task Live_answers_while_ready_follows_the_checks_tagged_ready()
    {
        var databaseUp = false;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        using var issuer = new DevelopmentTokenIssuer();
        builder.Configuration.AddInMemoryCollection(issuer.ServiceSettings!);
        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks().AddCheck("database",
            () => databaseUp ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable"),
            [HealthExtensions.Ready]);
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        using var client = app.GetTestClient();

        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        databaseUp = true;
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
