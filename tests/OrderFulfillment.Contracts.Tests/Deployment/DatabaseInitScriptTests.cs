using System.Diagnostics;
using FluentAssertions;
using Npgsql;
using OrderFulfillment.EmbeddedPostgres;

namespace OrderFulfillment.Contracts.Tests.Deployment;

/// <summary>
/// docker/postgres/init.sh run for real, as the postgres image runs it (the superuser, psql, secret files), against a
/// private PostgreSQL: each service database gets a migrator that owns it and an application role that may only work
/// with rows, both logging in with the passwords of their secrets.
/// </summary>
public sealed class DatabaseInitScriptTests
{
    private static readonly IReadOnlyList<string> Databases = ServiceCatalogue.Databases;

    private EmbeddedPostgresServer _postgres = null!;
    private string _secrets = null!;

    [SetUp]
    public async Task StartServer()
    {
        _postgres = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { Durable = false });
        _secrets = Directory.CreateTempSubdirectory("init-sh-secrets-").FullName;
        foreach (var role in Databases.SelectMany(d => new[] { d + "_migrator", d + "_app" }))
        {
            // Compose writes a secret as given; a trailing line break must not become part of the password.
            await File.WriteAllTextAsync(Path.Combine(_secrets, role + "_password"), Password(role) + "\n");
        }
    }

    [TearDown]
    public async Task StopServer()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Directory.Delete(_secrets, recursive: true);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Each_database_gets_a_migrator_that_owns_it_and_an_application_role_limited_to_rows(
        CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunScriptAsync(cancellationToken);

        exitCode.Should().Be(0, output);
        foreach (var database in Databases)
        {
            await using (var migrator = await OpenAsync(database, database + "_migrator", cancellationToken))
            {
                await ExecuteAsync(migrator,
                    "CREATE TABLE later (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)",
                    cancellationToken);
            }

            await using var app = await OpenAsync(database, database + "_app", cancellationToken);
            await ExecuteAsync(app,
                "INSERT INTO later (note) VALUES ('a row'); UPDATE later SET note = 'changed'; DELETE FROM later",
                cancellationToken);
            foreach (var change in new[] { "CREATE TABLE other (id int)", "ALTER TABLE later ADD COLUMN x int",
                "TRUNCATE later", "DROP TABLE later" })
            {
                await ((Func<Task>)(() => ExecuteAsync(app, change, cancellationToken)))
                    .Should().ThrowAsync<PostgresException>(change)
                    .Where(e => e.SqlState == PostgresErrorCodes.InsufficientPrivilege, change);
            }
        }

        await ((Func<Task>)(() => OpenAsync("inventory", "orders_app", cancellationToken)))
            .Should().ThrowAsync<PostgresException>()
            .Where(e => e.SqlState == PostgresErrorCodes.InsufficientPrivilege,
                "a service's role reaches no other service's database");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_missing_password_stops_it_naming_the_secret(CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(_secrets, "payments_app_password"));

        var (exitCode, output) = await RunScriptAsync(cancellationToken);

        exitCode.Should().NotBe(0);
        output.Should().Contain("payments_app_password").And.Contain("PAYMENTS_APP_PASSWORD");
    }

    private static string Password(string role) => $"{role}-it's \\ quoted-{role.Length}";

    private async Task<(int ExitCode, string Output)> RunScriptAsync(CancellationToken cancellationToken)
    {
        var superuser = new NpgsqlConnectionStringBuilder(_postgres.GetConnectionString("postgres"));
        var start = new ProcessStartInfo("bash", [Path.Combine(ComposeFile.DockerDirectory, "postgres", "init.sh")])
        {
            Environment =
            {
                ["POSTGRES_USER"] = superuser.Username,
                ["PGHOST"] = superuser.Host,
                ["PGPORT"] = superuser.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PGPASSWORD"] = superuser.Password,
                ["SECRETS_DIR"] = _secrets,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = script.StandardError.ReadToEndAsync(cancellationToken);
        await script.WaitForExitAsync(cancellationToken);
        return (script.ExitCode, await output + await errors);
    }

    private async Task<NpgsqlConnection> OpenAsync(string database, string role, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgres.GetConnectionString(database))
        {
            Username = role,
            Password = Password(role),
            Pooling = false,
        }.ConnectionString);
        // A connection that failed to open holds nothing to dispose.
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
