using System.Text.RegularExpressions;
using FluentAssertions;

namespace OrderFulfillment.Contracts.Tests.Deployment;

/// <summary>
/// The catalogued services' environment in docker-compose.yml: settings the services read, pointing at the file's own
/// services.
/// </summary>
public sealed partial class ComposeServiceSettingsTests
{
    // Read by ASP.NET Core or the OpenTelemetry SDK rather than by our code, so docs/api.md does not list them.
    private static readonly string[] FrameworkSettings = ["Urls", "ASPNETCORE_ENVIRONMENT", "OTEL_SERVICE_NAME",
        "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_RESOURCE_ATTRIBUTES"];

    private readonly ComposeFile _compose = ComposeFile.Load();

    [Test]
    public void The_file_runs_the_catalogued_platform_services()
    {
        _compose.PlatformServices.Keys.Should().BeEquivalentTo(ServiceCatalogue.All.Select(s => s.Key),
            "docker-compose.yml runs each catalogued service (a new one as `shipping` is, renamed) and no other");
    }

    [Test]
    public void Every_environment_key_of_a_service_is_a_setting_it_reads()
    {
        var documented = DocumentedSettings();
        foreach (var (name, service) in _compose.PlatformServices)
        {
            foreach (var key in ComposeFile.Environment(service).Keys.Where(k => !FrameworkSettings.Contains(k)))
            {
                documented.Any(s => Matches(s.Setting, key) && (s.OnlyFor is null || s.OnlyFor == name))
                    .Should().BeTrue(
                        $"{name} sets {key}, which docs/api.md's service settings table should list (for {name})");
            }
        }
    }

    [Test]
    public void Every_service_gets_its_database_kafka_the_registry_without_auto_registration_and_the_collector()
    {
        foreach (var (name, service) in _compose.PlatformServices)
        {
            var environment = ComposeFile.Environment(service);
            environment.Keys.Should().Contain(["ConnectionStrings:Database", "Kafka:BootstrapServers",
                "SchemaRegistry:Url", "OTEL_EXPORTER_OTLP_ENDPOINT"], name);
            environment["SchemaRegistry:AutoRegisterSchemas"].Should()
                .Be("false", $"schema-init registers the schemas; {name} only verifies them");
        }
    }

    [Test]
    public void Every_service_validates_tokens_from_the_issuer_docker_env_names()
    {
        foreach (var (name, service) in _compose.PlatformServices)
        {
            var environment = ComposeFile.Environment(service);
            environment["Auth:Issuer"].Should()
                .StartWith("${AUTH_ISSUER:?", $"{name} must refuse to start without an issuer");
            environment["Auth:Authority"].Should().Be("${AUTH_AUTHORITY:-}", name);
            environment["Auth:SigningKeys:0"].Should().Be("${AUTH_SIGNING_KEY:-}", name);
        }

        var example = File.ReadAllText(Path.Combine(ComposeFile.DockerDirectory, ".env.example"));
        example.Should().ContainAll("AUTH_ISSUER=", "AUTH_AUTHORITY=", "AUTH_SIGNING_KEY=", "AUTH_AUDIENCE=");
    }

    [Test]
    public void Every_address_a_service_is_given_names_a_service_of_the_file_and_every_database_exists_in_init_sh()
    {
        var databases = CreatedDatabases();
        foreach (var (name, service) in _compose.PlatformServices)
        {
            var environment = ComposeFile.Environment(service);
            var connection = Keywords(environment["ConnectionStrings:Database"]);
            var hosts = new[]
            {
                connection["Host"],
                environment["Kafka:BootstrapServers"].Split(':')[0],
                new Uri(environment["SchemaRegistry:Url"]).Host,
                new Uri(environment["OTEL_EXPORTER_OTLP_ENDPOINT"]).Host,
            };

            _compose.Services.Keys.Should().Contain(hosts, name);
            databases.Should().Contain(connection["Database"], name);
        }
    }

    /// <summary>
    /// Every service runs as its database's application role and migrates as its migrator role, each with the
    /// password from its own secret.
    /// </summary>
    [Test]
    public void Every_service_runs_as_its_application_role_and_migrates_as_its_migrator_with_passwords_from_secrets()
    {
        var postgresSecrets = ComposeFile.Strings(_compose.Services["postgres"], "secrets");
        var declared = ComposeFile.Map(_compose.Root["secrets"]).Keys.Cast<string>().ToList();
        foreach (var (name, service) in _compose.PlatformServices)
        {
            var environment = ComposeFile.Environment(service);
            var application = Keywords(environment["ConnectionStrings:Database"]);
            var migrations = Keywords(environment["ConnectionStrings:DatabaseMigrations"]);
            var database = application["Database"];

            (application["Username"], migrations["Username"], migrations["Database"])
                .Should().Be(($"{database}_app", $"{database}_migrator", database), name);
            application.Keys.Concat(migrations.Keys)
                .Should().NotContain("Password", $"{name} reads its passwords from files");
            environment["Database:PasswordFile"].Should().Be($"/run/secrets/{database}_app_password", name);
            environment["Database:MigrationsPasswordFile"].Should()
                .Be($"/run/secrets/{database}_migrator_password", name);
            var secrets = new[] { $"{database}_app_password", $"{database}_migrator_password" };
            ComposeFile.Strings(service, "secrets")
                .Should().BeEquivalentTo(secrets, $"{name} gets its own two passwords and no other");
            postgresSecrets.Should().Contain(secrets, "init.sh creates the roles with them");
            declared.Should().Contain(secrets);
        }
    }

    [Test]
    public void No_password_is_written_in_the_file_itself()
    {
        foreach (var (name, service) in _compose.Services.Where(s => s.Value.ContainsKey("environment")))
        {
            foreach (var (key, value) in ComposeFile.Environment(service))
            {
                // A *PasswordFile names a file, which must be a secret compose mounts, not one baked into an image.
                var passwordFile = key.EndsWith("PasswordFile", StringComparison.Ordinal)
                    && value.StartsWith("/run/secrets/", StringComparison.Ordinal);
                var literalPassword = LiteralPassword().IsMatch(value)
                    || (key.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) && !passwordFile
                        && !value.StartsWith("${", StringComparison.Ordinal));
                literalPassword.Should()
                    .BeFalse($"{name}'s {key} must take its password from docker/.env, not spell it out");
            }
        }
    }

    private static Dictionary<string, string> Keywords(string connectionString) =>
        connectionString.Split(';').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    /// <summary>The databases docker/postgres/init.sh creates, one <c>service_database NAME</c> line each.</summary>
    private static List<string> CreatedDatabases() =>
        CreatedDatabase().Matches(File.ReadAllText(Path.Combine(ComposeFile.DockerDirectory, "postgres", "init.sh")))
            .Select(m => m.Groups["name"].Value).ToList();

    private static bool Matches(string setting, string key) =>
        setting.EndsWith(":*", StringComparison.Ordinal)
            ? key.StartsWith(setting[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(setting, key, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Each setting named in docs/api.md's service settings table, and the service it belongs to when its meaning
    /// starts with one.
    /// </summary>
    private static List<(string Setting, string? OnlyFor)> DocumentedSettings()
    {
        var page = File.ReadAllText(Path.Combine(TopicCatalogueTests.RepositoryRoot(), "docs", "api.md"));
        var table = page[page.IndexOf("## Service settings", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var settings = new List<(string, string?)>();
        foreach (Match row in SettingsRow().Matches(table))
        {
            var prefix = ServicePrefix.Match(row.Groups["meaning"].Value);
            var service = prefix.Success ? prefix.Groups["service"].Value : null;
            settings.AddRange(SettingName().Matches(row.Value).Select(m => (m.Groups["name"].Value, service)));
        }

        return settings;
    }

    [GeneratedRegex(@"^\| (?<settings>[^|]+) \| (?<meaning>.+) \|$", RegexOptions.Multiline)]
    private static partial Regex SettingsRow();

    // A meaning that starts with a catalogued service's name, as in "orchestrator: where ...".
    private static readonly Regex ServicePrefix =
        new($"^(?<service>{string.Join('|', ServiceCatalogue.All.Select(s => s.Key))}):");

    // A configuration key (Section:Key, Section:*) or an OTEL_ variable; not `user:password` and the like in prose.
    [GeneratedRegex(@"`(?<name>[A-Z][A-Za-z]+(?::[A-Z*][A-Za-z*]*)+|OTEL_[A-Z_]+)`")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"^service_database (?<name>\w+)$", RegexOptions.Multiline)]
    private static partial Regex CreatedDatabase();

    [GeneratedRegex(@"Password=(?!\$\{)", RegexOptions.IgnoreCase)]
    private static partial Regex LiteralPassword();
}
