using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OrderFulfillment.ServiceDefaults.Postgres;
using OrderFulfillment.ServiceDefaults.Settings;
using OrderFulfillment.ServiceDefaults.Tests.Kafka;

namespace OrderFulfillment.ServiceDefaults.Tests.Postgres;

/// <summary>
/// What AddServiceDatabase gives the service's DbContext: the application role, with the file's password and the SSL
/// settings.
/// </summary>
public sealed class ServiceDatabaseRegistrationTests : SecretFiles
{
    [Test]
    public void The_context_connects_as_the_application_role_with_the_password_file_and_ssl_settings()
    {
        var root = WriteFile("root.crt", "certificate");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:Database"] = "Host=db;Database=orders;Username=orders_app";
        builder.Configuration["ConnectionStrings:DatabaseMigrations"] =
            "Host=db;Database=orders;Username=orders_migrator;Password=m";
        builder.Configuration["Database:PasswordFile"] = WriteFile("app", "from-the-file\n");
        builder.Configuration["Database:SslMode"] = "VerifyFull";
        builder.Configuration["Database:SslRootCertificate"] = root;

        builder.AddServiceDatabase<ProbeContext>();
        using var services = builder.Services.BuildServiceProvider();
        using var scope = services.CreateScope();

        var connection = new NpgsqlConnectionStringBuilder(
            scope.ServiceProvider.GetRequiredService<ProbeContext>().Database.GetConnectionString());
        connection.Should().BeEquivalentTo(new { Username = "orders_app", Password = "from-the-file",
            SslMode = SslMode.VerifyFull, RootCertificate = root });
        new NpgsqlConnectionStringBuilder(
            services.GetRequiredService<ServiceDatabaseSettings>().MigrationsConnectionString)
            .Should().BeEquivalentTo(
                new { Username = "orders_migrator", SslMode = SslMode.VerifyFull, RootCertificate = root });
    }

    [Test]
    public void A_service_without_its_connection_string_does_not_start()
    {
        var builder = Host.CreateApplicationBuilder();

        ((Action)(() => builder.AddServiceDatabase<ProbeContext>())).Should().Throw<InvalidSettingException>()
            .Which.Setting.Should().Be("ConnectionStrings:Database");
    }

    private sealed class ProbeContext(DbContextOptions<ProbeContext> options) : DbContext(options);
}
