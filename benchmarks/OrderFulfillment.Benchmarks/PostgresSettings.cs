using Npgsql;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// The embedded server's durability settings, read back so the report shows what was measured, not what was meant.
/// </summary>
internal sealed record PostgresSettings(string Version, string Fsync, string SynchronousCommit)
{
    public static async Task<PostgresSettings> Read(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PostgresSettings(reader.GetString(0), reader.GetString(1), reader.GetString(2));
    }

    public override string ToString() => $"PostgreSQL {Version}, fsync={Fsync}, synchronous_commit={SynchronousCommit}";
}
