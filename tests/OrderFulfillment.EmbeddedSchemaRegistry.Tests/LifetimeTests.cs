using System.Net;
using System.Net.Sockets;
using FluentAssertions;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

public sealed class LifetimeTests
{
    [Test]
    public async Task A_registry_listens_on_loopback_at_the_port_asked_for_and_frees_it_on_dispose()
    {
        var port = FreePort();
        var registry = await EmbeddedSchemaRegistryServer.StartAsync(new EmbeddedSchemaRegistryOptions { Port = port });
        registry.Url.Should().Be($"http://127.0.0.1:{port}");
        using (var http = new RawHttp(registry.Url))
        {
            (await http.Get("subjects")).Text.Should().Be("[]", "a new registry is empty");
        }

        await registry.DisposeAsync();

        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Invoking(l => l.Start()).Should().NotThrow("the port is free again");
    }

    [Test]
    public async Task A_registry_starts_with_the_global_mode_it_is_given()
    {
        await using var registry = await EmbeddedSchemaRegistryServer.StartAsync(new EmbeddedSchemaRegistryOptions
        {
            DefaultCompatibility = Schemas.CompatibilityMode.FullTransitive,
        });
        using var http = new RawHttp(registry.Url);

        (await http.Get("config")).Json["compatibilityLevel"]!.GetValue<string>().Should().Be("FULL_TRANSITIVE");
        (await http.Put("config", """{"compatibility": "NONE"}""")).Json["compatibility"]!.GetValue<string>()
            .Should().Be("NONE");
        (await http.Get("config")).Json["compatibilityLevel"]!.GetValue<string>().Should().Be("NONE");
        (await http.Delete("config")).Json["compatibilityLevel"]!.GetValue<string>().Should().Be("NONE");
        (await http.Get("config")).Json["compatibilityLevel"]!.GetValue<string>()
            .Should().Be("FULL_TRANSITIVE", "deleting the global mode restores the default");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
