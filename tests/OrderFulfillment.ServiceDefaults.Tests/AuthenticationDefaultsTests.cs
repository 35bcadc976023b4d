using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.ServiceDefaults.Tests;

/// <summary>
/// What every service gets from AddServiceDefaults: endpoints closed unless opened, scopes read from tokens.
/// </summary>
public sealed class AuthenticationDefaultsTests
{
    private readonly DevelopmentTokenIssuer _issuer = new();

    [OneTimeTearDown]
    public void DisposeIssuer() => _issuer.Dispose();

    [Test]
    public async Task A_service_without_an_authority_or_signing_keys_does_not_start()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:Issuer"] = "someone" });
        builder.AddServiceDefaults();
        await using var app = builder.Build();

        var start = () => app.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should()
            .Contain("Auth:SigningKeys");
    }

    [Test]
    public async Task Blank_settings_count_as_unset_so_a_compose_file_may_pass_empty_ones()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Issuer"] = "someone",
            ["Auth:Authority"] = "",
            ["Auth:SigningKeys:0"] = " ",
        });
        builder.AddServiceDefaults();
        await using var app = builder.Build();

        var start = () => app.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should()
            .Contain("Set Auth:Authority or Auth:SigningKeys");
    }

    [Test]
    public async Task An_endpoint_that_names_no_policy_still_needs_a_token_while_health_and_openapi_do_not()
    {
        await using var app = await Start();
        using var client = app.GetTestClient();

        (await client.GetAsync("/plain")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = Bearer();
        (await client.GetAsync("/plain")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [TestCase("operate", HttpStatusCode.OK)]
    [TestCase("orders:read operate stock:write", HttpStatusCode.OK)]
    [TestCase("orders:read stock:write", HttpStatusCode.Forbidden)]
    [TestCase("operates", HttpStatusCode.Forbidden)]
    [TestCase("", HttpStatusCode.Forbidden)]
    public async Task A_scope_is_granted_only_when_the_scope_claim_lists_it_exactly(string scopes,
        HttpStatusCode expected)
    {
        await using var app = await Start();
        using var client = app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = Bearer(scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        using var response = await client.GetAsync("/operations");

        response.StatusCode.Should().Be(expected);
    }

    [Test]
    public async Task The_openapi_document_says_which_operations_need_a_token_and_which_scope()
    {
        await using var app = await Start();
        using var client = app.GetTestClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var root = document.RootElement;
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        scheme.GetProperty("type").GetString().Should().Be("http");
        scheme.GetProperty("scheme").GetString().Should().Be("bearer");
        Requirement(root, "/operations").Should().Equal(["operate"]);
        Requirement(root, "/plain").Should().BeEmpty("a valid token with any scope will do");
        root.GetProperty("paths").GetProperty("/open").GetProperty("get").TryGetProperty("security", out _)
            .Should().BeFalse();
    }

    private static List<string?> Requirement(JsonElement root, string path)
    {
        var security = root.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("security");
        security.GetArrayLength().Should().Be(1);
        return [.. security[0].GetProperty("Bearer").EnumerateArray().Select(s => s.GetString())];
    }

    private AuthenticationHeaderValue Bearer(params string[] scopes) =>
        new("Bearer", _issuer.Issue("tester", "t", scopes, TimeSpan.FromMinutes(5)));

    private async Task<WebApplication> Start()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(_issuer.ServiceSettings!);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/plain", () => Results.Ok());
        app.MapGet("/operations", () => Results.Ok()).RequireAuthorization(PlatformScopes.Operate);
        app.MapGet("/open", () => Results.Ok()).AllowAnonymous();
        await app.StartAsync();
        return app;
    }
}
