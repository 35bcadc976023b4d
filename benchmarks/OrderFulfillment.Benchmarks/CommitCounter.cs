using Npgsql;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// Transactions committed in each service database, from pg_stat_database. Read-only transactions count too, as
/// does background work (outbox delivery, deadline sweeps, health checks): it is what the server had to commit.
/// </summary>
internal static class CommitCounter
{
    public static async Task<Dictionary<string, long>> Read(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT datname, xact_commit FROM pg_stat_database WHERE datname IN ('orders', 'inventory', 'payments', 'shipping')", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var commits = new Dictionary<string, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            commits[reader.GetString(0)] = reader.GetInt64(1);
        }

        return commits;
    }

    public static Dictionary<string, long> Since(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key));
}
