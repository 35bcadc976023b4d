using Npgsql;

namespace OrderFulfillment.FaultTests;

/// <summary>Read-only SQL against the services' databases, straight from the test process.</summary>
internal static class Database
{
    public static async Task<List<T>> Query<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken, object? parameter = null)
    {
        // No pooling: the suite restarts PostgreSQL, and a pooled connection would be handed out broken afterwards.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 10 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        // One positional parameter ($1) at most; a single argument, so an array is never spread into several.
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static async Task<long> Count(string connectionString, string sql, CancellationToken cancellationToken,
        object? parameter = null) =>
        (await Query(connectionString, sql, r => r.GetInt64(0), cancellationToken, parameter)).Single();
}
