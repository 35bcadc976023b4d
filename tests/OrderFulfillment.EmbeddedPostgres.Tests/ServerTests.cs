using FluentAssertions;
using Npgsql;
using NUnit.Framework;

namespace OrderFulfillment.EmbeddedPostgres.Tests;

/// <summary>Tests that only use a server share one, since each start costs a second or two.</summary>
[TestFixture]
public sealed class ServerTests : SharedServer
{
    [Test]
    [CancelAfter(30_000)]
    public async Task Accepts_connections_and_keeps_only_committed_work(CancellationToken cancellationToken)
    {
        var connectionString = await Server.CreateDatabaseAsync("transactions", cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, "CREATE TABLE orders (id int PRIMARY KEY)", cancellationToken);

        await using (var committed = await connection.BeginTransactionAsync(cancellationToken))
        {
            await Sql.ExecuteAsync(connection, "INSERT INTO orders VALUES (1)", cancellationToken);
            await committed.CommitAsync(cancellationToken);
        }

        await using (var rolledBack = await connection.BeginTransactionAsync(cancellationToken))
        {
            await Sql.ExecuteAsync(connection, "INSERT INTO orders VALUES (2)", cancellationToken);
            await rolledBack.RollbackAsync(cancellationToken);
        }

        (await Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM orders", cancellationToken)).Should().Be(1);
        (await Sql.ScalarAsync<int>(connection, "SELECT id FROM orders", cancellationToken)).Should().Be(1);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Reports_where_it_listens(CancellationToken cancellationToken)
    {
        Server.IsEmbedded.Should().BeTrue();
        Server.Host.Should().Be("127.0.0.1");
        Server.DataDirectory.Should().NotBeNull();
        Directory.Exists(Server.DataDirectory).Should().BeTrue();

        await using var connection = new NpgsqlConnection(Server.GetConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        (await Sql.ScalarAsync<int>(connection, "SELECT current_setting('port')::int", cancellationToken))
            .Should().Be(Server.Port);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Non_durableServer_skips_flushes(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Server.GetConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);

        (await Sql.ScalarAsync<string>(connection, "SHOW fsync", cancellationToken)).Should().Be("off");
        (await Sql.ScalarAsync<string>(connection, "SHOW synchronous_commit", cancellationToken)).Should().Be("off");
        (await Sql.ScalarAsync<string>(connection, "SHOW full_page_writes", cancellationToken)).Should().Be("off");
        (await Sql.ScalarAsync<string>(connection, "SHOW max_connections", cancellationToken)).Should().Be("300");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task CreateDatabase_is_idempotent_and_the_database_is_reachable(CancellationToken cancellationToken)
    {
        var first = await Server.CreateDatabaseAsync("inventory", cancellationToken);
        var second = await Server.CreateDatabaseAsync("inventory", cancellationToken);

        second.Should().Be(first);
        first.Should().Be(Server.GetConnectionString("inventory"));
        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync(cancellationToken);
        (await Sql.ScalarAsync<string>(connection, "SELECT current_database()", cancellationToken))
            .Should().Be("inventory");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Database_names_are_quoted_not_executed(CancellationToken cancellationToken)
    {
        const string name = "odd \"name\"; DROP DATABASE postgres; --";

        var connectionString = await Server.CreateDatabaseAsync(name, cancellationToken);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        (await Sql.ScalarAsync<string>(connection, "SELECT current_database()", cancellationToken)).Should().Be(name);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task DropDatabase_removes_it_even_with_open_sessions(CancellationToken cancellationToken)
    {
        var connectionString = await Server.CreateDatabaseAsync("shipping", cancellationToken);
        await using var open = new NpgsqlConnection(connectionString);
        await open.OpenAsync(cancellationToken);

        await Server.DropDatabaseAsync("shipping", cancellationToken);

        await using var maintenance = new NpgsqlConnection(Server.GetConnectionString("postgres"));
        await maintenance.OpenAsync(cancellationToken);
        (await Sql.ScalarAsync<long>(maintenance, "SELECT count(*) FROM pg_database WHERE datname = 'shipping'",
            cancellationToken))
            .Should().Be(0);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task External_mode_starts_nothing_and_leaves_theServer_running(CancellationToken cancellationToken)
    {
        var external = await EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions { ConnectionString = Server.GetConnectionString("postgres") },
            cancellationToken);
        string connectionString;
        await using (external)
        {
            external.IsEmbedded.Should().BeFalse();
            external.DataDirectory.Should().BeNull();
            external.Host.Should().Be(Server.Host);
            external.Port.Should().Be(Server.Port);

            connectionString = await external.CreateDatabaseAsync("external_db", cancellationToken);
            new NpgsqlConnectionStringBuilder(connectionString).Database.Should().Be("external_db");
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        (await Sql.ScalarAsync<string>(connection, "SELECT current_database()", cancellationToken))
            .Should().Be("external_db");
    }
}
