using FluentAssertions;
using Npgsql;
using NUnit.Framework;

namespace OrderFulfillment.EmbeddedPostgres.Tests;

/// <summary>The cluster's password authentication and the two roles of a service database.</summary>
[TestFixture]
public sealed class LeastPrivilegeTests : SharedServer
{
    [Test]
    [CancelAfter(30_000)]
    public async Task Tcp_clients_must_give_the_generated_superuser_password(CancellationToken cancellationToken)
    {
        var superuser = new NpgsqlConnectionStringBuilder(Server.GetConnectionString("postgres"));
        superuser.Password.Should().MatchRegex("^[0-9a-f]{32}$");

        await ((Func<Task>)(() => Open(new NpgsqlConnectionStringBuilder(superuser.ConnectionString) {
            Password = "wrong" }, cancellationToken)))
            .Should().ThrowAsync<PostgresException>().Where(e => e.SqlState == PostgresErrorCodes.InvalidPassword);
        await ((Func<Task>)(() =>
            Open(new NpgsqlConnectionStringBuilder(superuser.ConnectionString) { Password = null }, cancellationToken)))
            .Should().ThrowAsync<NpgsqlException>();
        await using var connection = await Open(superuser, cancellationToken);
        (await Sql.ScalarAsync<string>(connection, "SELECT current_user", cancellationToken)).Should().Be("postgres");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_service_database_has_two_roles_with_their_own_generated_passwords(
        CancellationToken cancellationToken)
    {
        var database = await Server.CreateServiceDatabaseAsync("roles", cancellationToken);
        var migrator = new NpgsqlConnectionStringBuilder(database.MigrationsConnectionString);
        var application = new NpgsqlConnectionStringBuilder(database.ApplicationConnectionString);

        (migrator.Username, application.Username, migrator.Database, application.Database)
            .Should().Be(("roles_migrator", "roles_app", "roles", "roles"));
        migrator.Password.Should().MatchRegex("^[0-9a-f]{32}$").And.NotBe(application.Password);
        database.ToString().Should().NotContain(migrator.Password).And.NotContain(application.Password);
        await using (var connection = await Open(application, cancellationToken))
        {
            (await Sql.ScalarAsync<string>(connection, "SELECT current_user", cancellationToken))
                .Should().Be("roles_app");
        }

        await ((Func<Task>)(() => Open(new NpgsqlConnectionStringBuilder(application.ConnectionString) {
            Password = migrator.Password }, cancellationToken)))
            .Should().ThrowAsync<PostgresException>().Where(e => e.SqlState == PostgresErrorCodes.InvalidPassword);
        await using var owner = await Open(Server.GetConnectionString("postgres"), cancellationToken);
        (await Sql.ScalarAsync<string>(owner, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'roles'",
            cancellationToken))
            .Should().Be("roles_migrator");
        (await Sql.ScalarAsync<bool>(owner,
            "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = 'roles_app'",
            cancellationToken))
            .Should().BeFalse();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task The_application_role_uses_rows_of_tables_the_migrator_creates_later_but_cannot_change_the_schema(
        CancellationToken cancellationToken)
    {
        var database = await Server.CreateServiceDatabaseAsync("least_privilege", cancellationToken);
        await using (var migrator = await Open(database.MigrationsConnectionString, cancellationToken))
        {
            await Sql.ExecuteAsync(migrator,
                "CREATE TABLE stock (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, available int)",
                cancellationToken);
            await Sql.ExecuteAsync(migrator, "ALTER TABLE stock ADD COLUMN reserved int NOT NULL DEFAULT 0",
                cancellationToken);
        }

        await using var app = await Open(database.ApplicationConnectionString, cancellationToken);
        await using (var transaction = await app.BeginTransactionAsync(cancellationToken))
        {
            // What the services do: rows through the identity sequence, row locks, advisory locks, notifications.
            await Sql.ExecuteAsync(app, "INSERT INTO stock (available) VALUES (5), (7)", cancellationToken);
            await Sql.ExecuteAsync(app, "UPDATE stock SET reserved = 1 WHERE available = 5", cancellationToken);
            await Sql.ExecuteAsync(app, "DELETE FROM stock WHERE available = 7", cancellationToken);
            (await Sql.ScalarAsync<int>(app, "SELECT reserved FROM stock FOR UPDATE", cancellationToken))
                .Should().Be(1);
            (await Sql.ScalarAsync<bool>(app, "SELECT pg_try_advisory_xact_lock(42)", cancellationToken))
                .Should().BeTrue();
            await Sql.ExecuteAsync(app, "LISTEN outbox; NOTIFY outbox", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var change in new[]
                 {
                     "CREATE TABLE other (id int)", "ALTER TABLE stock ADD COLUMN note text", "DROP TABLE stock",
                     "TRUNCATE stock", "CREATE TEMPORARY TABLE scratch (id int)", "CREATE INDEX ON stock (available)",
                 })
        {
            await ((Func<Task>)(() => Sql.ExecuteAsync(app, change, cancellationToken)))
                .Should().ThrowAsync<PostgresException>(change).Where(e =>
                    e.SqlState == PostgresErrorCodes.InsufficientPrivilege, change);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task An_application_role_cannot_reach_another_service_database(CancellationToken cancellationToken)
    {
        var orders = await Server.CreateServiceDatabaseAsync("isolated_orders", cancellationToken);
        await Server.CreateServiceDatabaseAsync("isolated_stock", cancellationToken);

        var elsewhere =
            new NpgsqlConnectionStringBuilder(orders.ApplicationConnectionString) { Database = "isolated_stock" };

        await ((Func<Task>)(() => Open(elsewhere, cancellationToken)))
            .Should().ThrowAsync<PostgresException>().Where(e =>
                e.SqlState == PostgresErrorCodes.InsufficientPrivilege);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Creating_it_again_renews_the_passwords_and_hands_older_tables_to_the_migrator(
        CancellationToken cancellationToken)
    {
        var plain = await Server.CreateDatabaseAsync("upgraded", cancellationToken);
        await using (var superuser = await Open(plain, cancellationToken))
        {
            await Sql.ExecuteAsync(superuser, "CREATE TABLE legacy (id serial PRIMARY KEY)", cancellationToken);
        }

        var first = await Server.CreateServiceDatabaseAsync("upgraded", cancellationToken);
        var second = await Server.CreateServiceDatabaseAsync("upgraded", cancellationToken);

        second.ApplicationConnectionString.Should().NotBe(first.ApplicationConnectionString);
        await ((Func<Task>)(() => Open(first.ApplicationConnectionString, cancellationToken)))
            .Should().ThrowAsync<PostgresException>().Where(e => e.SqlState == PostgresErrorCodes.InvalidPassword);
        await using (var migrator = await Open(second.MigrationsConnectionString, cancellationToken))
        {
            await Sql.ExecuteAsync(migrator, "ALTER TABLE legacy ADD COLUMN name text", cancellationToken);
        }

        await using var app = await Open(second.ApplicationConnectionString, cancellationToken);
        await Sql.ExecuteAsync(app, "INSERT INTO legacy (name) VALUES ('kept')", cancellationToken);
    }

    [TestCase("Orders")]
    [TestCase("odd-name")]
    [TestCase("a_name_that_is_far_too_long_for_a_role_name_with_its_suffix")]
    public async Task A_name_that_cannot_be_a_role_prefix_is_refused(string name)
    {
        await ((Func<Task>)(() => Server.CreateServiceDatabaseAsync(name))).Should().ThrowAsync<ArgumentException>();
    }

    private static Task<NpgsqlConnection> Open(NpgsqlConnectionStringBuilder builder,
        CancellationToken cancellationToken) =>
        Open(builder.ConnectionString, cancellationToken);

    private static async Task<NpgsqlConnection> Open(string connectionString, CancellationToken cancellationToken)
    {
        // Unpooled: a test that expects a refusal must really log in.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) {
            Pooling = false }.ConnectionString);
        // A connection that failed to open holds nothing to dispose.
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
