using System.Collections.Concurrent;
using System.Text;
using Npgsql;

namespace OrderFulfillment.EmbeddedPostgres;

/// <summary>
/// A PostgreSQL server for development and tests: either a private cluster started from the local server binaries
/// in a temporary directory on a free 127.0.0.1 port (as the <c>postgres</c> user when this process runs as root),
/// or, when <see cref="EmbeddedPostgresOptions.ConnectionString"/> is set, an existing server that is used as is.
/// Disposing stops the private cluster and deletes its directory.
/// </summary>
public sealed partial class EmbeddedPostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private const string MaintenanceDatabase = "postgres";
    private const string TemplateDatabase = "template1";
    // PostgreSQL silently truncates longer identifiers, which would make the existence check lie.
    private const int MaxIdentifierBytes = 63;

    private readonly PostgresCluster? _cluster;
    private readonly string _baseConnectionString;
    private readonly ConcurrentDictionary<string, byte> _issuedConnectionStrings = new();
    private int _disposed;

    private EmbeddedPostgresServer(PostgresCluster? cluster, NpgsqlConnectionStringBuilder baseConnectionString)
    {
        _cluster = cluster;
        _baseConnectionString = baseConnectionString.ConnectionString;
        Host = baseConnectionString.Host!;
        Port = baseConnectionString.Port;
    }

    /// <summary>
    /// True when this instance started (and will stop) its own cluster; false for a configured server.
    /// </summary>
    public bool IsEmbedded => _cluster is not null;

    /// <summary>Host clients connect to: <c>127.0.0.1</c> when embedded.</summary>
    public string Host { get; }

    /// <summary>TCP port clients connect to.</summary>
    public int Port { get; }

    /// <summary>The embedded cluster's data directory, inside the temporary directory deleted on dispose;
    /// null for a configured server.</summary>
    public string? DataDirectory => _cluster?.DataDirectory;

    /// <summary>Starts a private cluster, or wraps the configured server without starting anything.</summary>
    /// <exception cref="FileNotFoundException">The server binaries are not installed; the message says how to install
    /// them.</exception>
    /// <exception cref="InvalidOperationException">initdb or the server failed; the message carries their
    /// output.</exception>
    public static async Task<EmbeddedPostgresServer> StartAsync(EmbeddedPostgresOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddedPostgresOptions();
        if (options.ConnectionString is { } configured)
        {
            var external = new NpgsqlConnectionStringBuilder(configured);
            if (string.IsNullOrWhiteSpace(external.Host))
            {
                throw new ArgumentException("The configured connection string names no Host.", nameof(options));
            }

            return new EmbeddedPostgresServer(null, external);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.StartTimeout, TimeSpan.Zero, nameof(options));
        var cluster = await PostgresCluster.StartAsync(options, cancellationToken);
        // Random per start and kept only in memory: TCP clients must give it (SCRAM), so another local user cannot
        // walk into the cluster on its port.
        var password = ScramVerifier.NewPassword();
        var server = new EmbeddedPostgresServer(cluster, new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = cluster.Port,
            Username = Superuser,
            Password = password,
        });
        try
        {
            await SetSuperuserPasswordAsync(cluster, password, cancellationToken);
            if (options.TrackStatements)
            {
                await server.CreateStatementsViewAsync(cancellationToken);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Connection string for <paramref name="database"/>; for a configured server, its connection string
    /// with only the database replaced. Does not create the database: see <see cref="CreateDatabaseAsync"/>.</summary>
    public string GetConnectionString(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        var connectionString =
            new NpgsqlConnectionStringBuilder(_baseConnectionString) { Database = database }.ConnectionString;
        // Remembered so that dispose can clear exactly these pools.
        _issuedConnectionStrings.TryAdd(connectionString, 0);
        return connectionString;
    }

    /// <summary>Creates the database unless it exists, and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateDatabaseName(name);
        await using var connection = await OpenMaintenanceConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = name } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            try
            {
                await ExecuteAsync(connection, $"CREATE DATABASE {QuoteIdentifier(name)}", cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // A concurrent caller created it between our check and our CREATE; the outcome is the same.
            }
        }

        return GetConnectionString(name);
    }

    /// <summary>Drops the database if it exists, terminating the sessions still connected to it. The roles of a
    /// <see cref="CreateServiceDatabaseAsync"/> database stay: they belong to the server, not to the
    /// database.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateDatabaseName(name);
        // Pooled idle connections (of any role) would otherwise be handed out broken if the database is created again.
        ClearPool(GetConnectionString(name));
        foreach (var issued in _issuedConnectionStrings.Keys.Where(c =>
            new NpgsqlConnectionStringBuilder(c).Database == name))
        {
            ClearPool(issued);
        }

        await using var connection = await OpenMaintenanceConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)",
            cancellationToken);
    }

    /// <summary>
    /// Fault injection for tests: stops the embedded cluster with a fast shutdown (clients see their connections
    /// terminated), keeps it down for <paramref name="downtime"/>, then starts it again on the same port with its data.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server is a configured one, not embedded.</exception>
    public Task RestartAsync(TimeSpan downtime, CancellationToken cancellationToken = default) =>
        _cluster is null
            ? throw new InvalidOperationException("Only an embedded server can be restarted.")
            : _cluster.RestartAsync(downtime, cancellationToken);

    /// <summary>Clears this server's connection pools, then, when embedded, stops the cluster and deletes its
    /// directory. A configured server is left untouched. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var connectionString in _issuedConnectionStrings.Keys)
        {
            ClearPool(connectionString);
        }

        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }
    }

    private static async Task SetSuperuserPasswordAsync(PostgresCluster cluster, string password,
        CancellationToken cancellationToken)
    {
        // Through the unix socket, which initdb left trusted: TCP already asks for the password that this sets.
        var socket = new NpgsqlConnectionStringBuilder
        {
            Host = cluster.SocketDirectory,
            Port = cluster.Port,
            Username = Superuser,
            Database = MaintenanceDatabase,
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(socket.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"ALTER ROLE {Superuser} PASSWORD '{ScramVerifier.For(password)}'",
            cancellationToken);
    }

    // CREATE DATABASE copies template1, so the extension created there reaches every database made later. That copy
    // fails while anyone is connected to template1, so its connection is not pooled: closing it really disconnects.
    private async Task CreateStatementsViewAsync(CancellationToken cancellationToken)
    {
        var template =
            new NpgsqlConnectionStringBuilder(_baseConnectionString) { Database = TemplateDatabase, Pooling = false };
        foreach (var connectionString in new[] { template.ConnectionString, GetConnectionString(MaintenanceDatabase) })
        {
            await using var connection = await OpenConnectionAsync(connectionString, cancellationToken);
            await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", cancellationToken);
        }
    }

    private Task<NpgsqlConnection> OpenMaintenanceConnectionAsync(CancellationToken cancellationToken) =>
        OpenConnectionAsync(GetConnectionString(MaintenanceDatabase), cancellationToken);

    private async Task<NpgsqlConnection> OpenConnectionAsync(string connectionString,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void ClearPool(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    private static void ValidateDatabaseName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('\0', StringComparison.Ordinal) || Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
        {
            throw new ArgumentException($"A database name must be 1 to {MaxIdentifierBytes} UTF-8 bytes without NUL.",
                nameof(name));
        }
    }

    // Double quotes make any name a single identifier; doubling embedded quotes keeps it from ending early.
    private static string QuoteIdentifier(string name) => "\""
        + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
