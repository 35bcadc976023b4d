using Npgsql;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// What the benchmark reads of the running platform besides its APIs: its processes and its database server.
/// </summary>
internal sealed record PlatformProbe(int AppHostPid, int PostmasterPid, string ConnectionString)
{
    public static async Task<PlatformProbe> Create(int appHostPid, string connectionString,
        CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync(cancellationToken))!;

        // pg_ctl detaches the server from the AppHost; every backend, ours included, is a child of the postmaster.
        return new PlatformProbe(appHostPid, ProcessCpu.ParentOf(backend), connectionString);
    }
}
