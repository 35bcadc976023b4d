using Npgsql;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// Transactions committed in each service database (pg_stat_database.xact_commit) and WAL flushes to disk
/// (pg_stat_wal.wal_sync). Commits include read-only transactions and background work (outbox delivery, deadline
/// sweeps, health checks): what the server had to do, not only what an order needs.
/// </summary>
internal sealed record DatabaseCounters(IReadOnlyDictionary<string, long> CommitsByDatabase, long WalSyncs)
{
    public static async Task<DatabaseCounters> Read(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT datname, xact_commit FROM pg_stat_database WHERE datname = ANY(@databases)
            UNION ALL SELECT 'wal_sync', wal_sync FROM pg_stat_wal
            """, connection);
        command.Parameters.AddWithValue("databases", ServiceCatalogue.Databases.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counters = new Dictionary<string, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counters[reader.GetString(0)] = reader.GetInt64(1);
        }

        var walSyncs = counters["wal_sync"];
        counters.Remove("wal_sync");
        return new DatabaseCounters(counters, walSyncs);
    }

    public DatabaseCounters Since(DatabaseCounters before) => new(
        CommitsByDatabase.ToDictionary(c => c.Key, c => c.Value - before.CommitsByDatabase.GetValueOrDefault(c.Key)),
        WalSyncs - before.WalSyncs);
}
