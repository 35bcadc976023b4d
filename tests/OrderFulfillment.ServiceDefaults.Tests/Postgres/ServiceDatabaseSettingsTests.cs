using FluentAssertions;
using FluentAssertions.Specialized;
using Microsoft.Extensions.Configuration;
using Npgsql;
using OrderFulfillment.ServiceDefaults.Postgres;
using OrderFulfillment.ServiceDefaults.Settings;
using OrderFulfillment.ServiceDefaults.Tests.Kafka;

namespace OrderFulfillment.ServiceDefaults.Tests.Postgres;

public sealed class ServiceDatabaseSettingsTests : SecretFiles
{
    private const string AppPassword = "app-secret-never-logged";
    private const string MigratorPassword = "migrator-secret-never-logged";
    private const string Application = "Host=db;Database=orders;Username=orders_app";
    private const string Migrations = "Host=db;Database=orders;Username=orders_migrator";

    [Test]
    public void Migrations_use_their_own_connection_and_the_service_the_application_role()
    {
        var settings = Read(new()
        {
            ["ConnectionStrings:Database"] = Application + ";Password=" + AppPassword,
            ["ConnectionStrings:DatabaseMigrations"] = Migrations + ";Password=" + MigratorPassword,
        });

        Builder(settings.ConnectionString)
            .Should().BeEquivalentTo(new { Username = "orders_app", Password = AppPassword, NoResetOnClose = true });
        Builder(settings.MigrationsConnectionString)
            .Should().BeEquivalentTo(new { Username = "orders_migrator", Password = MigratorPassword });
    }

    [Test]
    public void Without_a_migrations_connection_the_application_role_migrates()
    {
        var settings = Read(new() { ["ConnectionStrings:Database"] = Application });

        settings.MigrationsConnectionString.Should().Be(settings.ConnectionString);
        settings.ToString().Should().Contain("migrations as the same role");
    }

    [Test]
    public void Password_files_give_each_connection_its_password_without_the_trailing_line_break()
    {
        var settings = Read(new()
        {
            ["ConnectionStrings:Database"] = Application,
            ["ConnectionStrings:DatabaseMigrations"] = Migrations,
            ["Database:PasswordFile"] = WriteFile("app", AppPassword + "\n"),
            ["Database:MigrationsPasswordFile"] = WriteFile("migrator", MigratorPassword + "\r\n"),
        });

        Builder(settings.ConnectionString).Password.Should().Be(AppPassword);
        Builder(settings.MigrationsConnectionString).Password.Should().Be(MigratorPassword);
    }

    [TestCase("verify-full", SslMode.VerifyFull)]
    [TestCase("VerifyCA", SslMode.VerifyCA)]
    [TestCase("require", SslMode.Require)]
    [TestCase("Disable", SslMode.Disable)]
    public void SslMode_and_the_root_certificate_override_both_connection_strings(string mode, SslMode expected)
    {
        var root = WriteFile("root.crt", "certificate");
        var settings = Read(new()
        {
            ["ConnectionStrings:Database"] = Application + ";SSL Mode=Prefer",
            ["ConnectionStrings:DatabaseMigrations"] = Migrations,
            ["Database:SslMode"] = mode,
            ["Database:SslRootCertificate"] = root,
        });

        foreach (var connection in new[] { settings.ConnectionString, settings.MigrationsConnectionString })
        {
            Builder(connection).Should().BeEquivalentTo(new { SslMode = expected, RootCertificate = root });
        }

        settings.ToString().Should().Contain($"SslMode {expected}").And.Contain(root);
    }

    [Test]
    public void The_summary_names_hosts_and_roles_but_no_password()
    {
        var settings = Read(new()
        {
            ["ConnectionStrings:Database"] = Application + ";Password=" + AppPassword,
            ["ConnectionStrings:DatabaseMigrations"] = Migrations,
            ["Database:MigrationsPasswordFile"] = WriteFile("migrator", MigratorPassword),
        });

        settings.ToString()
            .Should().Contain("db:5432/orders as 'orders_app'").And.Contain("migrations as 'orders_migrator'")
            .And.NotContain(AppPassword).And.NotContain(MigratorPassword);
    }

    [Test]
    public void A_missing_application_connection_string_names_the_setting() =>
        ReadFails(new() { ["ConnectionStrings:DatabaseMigrations"] = Migrations }).Which.Setting.Should()
            .Be("ConnectionStrings:Database");

    [TestCase("Database:PasswordFile", "ConnectionStrings:Database")]
    [TestCase("Database:MigrationsPasswordFile", "ConnectionStrings:DatabaseMigrations")]
    public void A_password_file_that_is_missing_or_empty_names_its_setting(string setting, string connection)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Database"] = Application,
            ["ConnectionStrings:DatabaseMigrations"] = Migrations };

        settings[setting] = MissingFile("absent");
        ReadFails(settings).Which.Setting.Should().Be(setting);
        settings[setting] = WriteFile("empty", "\n");
        ReadFails(settings).Which.Setting.Should().Be(setting);
        settings[setting] = WriteFile("password", AppPassword);
        settings[connection] += ";Password=" + MigratorPassword;
        ReadFails(settings).Which.Message.Should().Contain("set only one").And.NotContain(AppPassword)
            .And.NotContain(MigratorPassword);
    }

    [Test]
    public void A_migrations_password_file_without_a_migrations_connection_string_is_refused() =>
        ReadFails(new()
        {
            ["ConnectionStrings:Database"] = Application,
            ["Database:MigrationsPasswordFile"] = WriteFile("migrator", MigratorPassword),
        }).Which.Setting.Should().Be("Database:MigrationsPasswordFile");

    [TestCase("Database:SslMode", "Sometimes")]
    [TestCase("Database:SslMode", "3")]
    [TestCase("Database:SslRootCertificate", "/nowhere/root.crt")]
    [TestCase("ConnectionStrings:DatabaseMigrations", "Host=db;Colour=blue;Password=" + MigratorPassword)]
    public void An_invalid_setting_names_itself_without_repeating_a_password(string setting, string value)
    {
        var failure = ReadFails(new() { ["ConnectionStrings:Database"] = Application, [setting] = value });

        failure.Which.Setting.Should().Be(setting);
        failure.Which.Message.Should().NotContain(MigratorPassword);
    }

    private static NpgsqlConnectionStringBuilder Builder(string connectionString) => new(connectionString);

    private static ServiceDatabaseSettings Read(Dictionary<string, string?> settings) =>
        ServiceDatabaseSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    private static ExceptionAssertions<InvalidSettingException> ReadFails(Dictionary<string, string?> settings) =>
        ((Action)(() => Read(settings))).Should().Throw<InvalidSettingException>();
}
