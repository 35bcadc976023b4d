using System.Text.Json;
using FluentAssertions;

namespace OrderFulfillment.AppHost.Tests;

/// <summary>
/// A configured server's connection string carries a password: neither the console nor the file shows it.
/// </summary>
public sealed class EnvironmentReportTests
{
    private const string Password = "pg-s3cret-pw";
    private const string RegistryPassword = "registry-s3cret";

    private static readonly PlatformAddresses Platform = new(
        "broker:9092",
        null,
        $"https://registry-user:{RegistryPassword}@registry:8081",
        SchemaRegistryIsEmbedded: false,
        PostgresIsEmbedded: false,
        LocalEnvironment.ServiceDatabases.ToDictionary(d => d,
            d => $"Host=db;Username=app;Password={Password};Database={d}"),
        PlatformServices.All.ToDictionary(s => s.Name, s => new Uri(s.DefaultUrl)));

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() =>
        _directory = Directory.CreateTempSubdirectory("orderfulfillment-apphost-report-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void The_printed_report_masks_every_password()
    {
        using var console = new StringWriter();

        EnvironmentReport.Print(Platform, console);

        var printed = console.ToString();
        printed.Should().NotContain(Password).And.NotContain(RegistryPassword);
        printed.Should().Contain("Host=db;Username=app;Password=***;Database=orders")
            .And.Contain("https://registry-user:***@registry:8081");
    }

    [Test]
    public void The_printed_report_links_the_console_with_the_operator_token_in_the_fragment()
    {
        using var console = new StringWriter();

        EnvironmentReport.Print(
            Platform with { Tokens = new Dictionary<string, string> { ["Operator"] = "op.token.value" } }, console);

        console.ToString()
            .Should().Contain("Operations console:       http://localhost:5080/console/#token=op.token.value");
    }

    [Test]
    public async Task The_environment_file_masks_every_password_by_default_and_only_its_owner_can_read_it()
    {
        var path = Path.Combine(_directory, "environment.json");

        await EnvironmentReport.WriteAsync(path, Platform, withSecrets: false, CancellationToken.None);

        var written = await File.ReadAllTextAsync(path);
        written.Should().NotContain(Password).And.NotContain(RegistryPassword);
        ConnectionStrings(written)["payments"].Should().Be("Host=db;Username=app;Password=***;Database=payments");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Test]
    public async Task Asked_for_with_secrets_the_environment_file_holds_the_connection_strings_a_tool_can_connect_with()
    {
        var path = Path.Combine(_directory, "environment.json");
        await File.WriteAllTextAsync(path, "an older run's file");

        await EnvironmentReport.WriteAsync(path, Platform, withSecrets: true, CancellationToken.None);

        var written = await File.ReadAllTextAsync(path);
        ConnectionStrings(written).Should().BeEquivalentTo(Platform.ConnectionStrings);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static Dictionary<string, string> ConnectionStrings(string json) =>
        JsonSerializer.Deserialize<JsonElement>(json).GetProperty("ConnectionStrings")
            .Deserialize<Dictionary<string, string>>()!;
}
