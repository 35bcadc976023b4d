using FluentAssertions;
using Npgsql;
using NUnit.Framework;

namespace OrderFulfillment.EmbeddedPostgres.Tests;

/// <summary>The profiling switch: with <see cref="EmbeddedPostgresOptions.TrackStatements"/> a database created
/// afterwards has the pg_stat_statements view, and it records that database's statements.</summary>
[TestFixture]
public sealed class StatementTrackingTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Tracking_server_records_statements_of_a_database_created_later(
        CancellationToken cancellationToken)
    {
        await using var server = await EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions { Durable = false, TrackStatements = true }, cancellationToken);
        var connectionString = await server.CreateDatabaseAsync("tracked", cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, "CREATE TABLE stock (product text PRIMARY KEY, available int)",
            cancellationToken);
        await Sql.ExecuteAsync(connection, "INSERT INTO stock VALUES ('p1', 5), ('p2', 7)", cancellationToken);

        (await Sql.ScalarAsync<string>(connection, "SHOW track_io_timing", cancellationToken)).Should().Be("on");
        var recorded = await Sql.ScalarAsync<long>(connection,
            "SELECT coalesce(sum(rows), 0)::bigint FROM pg_stat_statements " +
            "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query LIKE 'INSERT " +
            "INTO stock%'", cancellationToken);
        recorded.Should().Be(2);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Tracking_is_off_by_default(CancellationToken cancellationToken)
    {
        await using var server =
            await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { Durable = false }, cancellationToken);
        var connectionString = await server.CreateDatabaseAsync("untracked", cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        (await Sql.ScalarAsync<string>(connection, "SHOW shared_preload_libraries", cancellationToken))
            .Should().BeEmpty();
        (await Sql.ScalarAsync<long>(connection,
            "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'", cancellationToken))
            .Should().Be(0);
    }
}
