using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

/// <summary>Migrations that several processes may start at the same moment on one database.</summary>
public static class ExclusiveMigrations
{
    // Session-scoped, unlike the outbox relay's transaction-scoped lock, and a key of its own.
    private const long LockKey = 0x4D6967726174;

    /// <summary>
    /// Creates the migrations history table if it is missing and applies the pending migrations while holding a
    /// PostgreSQL advisory lock on the database: of several processes starting together (replicas of one service)
    /// one migrates, and the others wait and then find nothing pending. Without it, two replicas starting on a new
    /// database both applied the first migration, and one of them failed with <c>42P07 relation ... already exists</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The context has no connection string.</exception>
    public static async Task MigrateExclusivelyAsync(this DatabaseFacade database,
        CancellationToken cancellationToken = default)
    {
        var connectionString = database.GetConnectionString()
            ?? throw new InvalidOperationException(
                "The context has no connection string to take the migration lock with.");
        // Unpooled: closing the connection ends its session, and the lock with it, whether migrating succeeded or not.
        var lockConnection = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        lockConnection.ApplicationName = $"{lockConnection.ApplicationName} migration lock".TrimStart();
        await using var connection = new NpgsqlConnection(lockConnection.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)",
            connection) { Parameters = { new() { Value = LockKey } } })
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        // Created first so that the migrator's probe of an empty database does not log a failed query as an error.
        await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await database.MigrateAsync(cancellationToken);
    }
}
