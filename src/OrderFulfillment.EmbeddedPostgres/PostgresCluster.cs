using System.Globalization;
using System.Security.Cryptography;

namespace OrderFulfillment.EmbeddedPostgres;

/// <summary>A private cluster in its own temporary directory holding <c>data/</c>, the unix socket and
/// <c>postgres.log</c>, all owned by the user the server runs as.</summary>
internal sealed class PostgresCluster
{
    private const int PortAttempts = 3;
    private const int LogTailLines = 30;
    // pg_ctl enforces the start and stop timeouts itself, with a better message; ours only catches a hung tool.
    private static readonly TimeSpan ToolGrace = TimeSpan.FromSeconds(15);

    private readonly PostgresBinaries _binaries;
    private readonly TimeSpan _timeout;
    private EmbeddedPostgresOptions? _options;

    private PostgresCluster(PostgresBinaries binaries, TimeSpan timeout)
    {
        _binaries = binaries;
        _timeout = timeout;
        var name = "orderfulfillment-pg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        RootDirectory = Path.Combine(Path.GetTempPath(), name);
    }

    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>Where the server's unix socket is: the root directory, which only the server's user (and root) can
    /// enter, so connections through it may be trusted without a password.</summary>
    public string SocketDirectory => RootDirectory;

    public int Port { get; private set; }

    private string LogFile => Path.Combine(RootDirectory, "postgres.log");

    private string PidFile => Path.Combine(DataDirectory, "postmaster.pid");

    private string TimeoutSeconds => Math.Ceiling(_timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    public static async Task<PostgresCluster> StartAsync(EmbeddedPostgresOptions options,
        CancellationToken cancellationToken)
    {
        var binaries = await PostgresBinaries.LocateAsync(options.BinDirectory, cancellationToken);
        var cluster = new PostgresCluster(binaries, options.StartTimeout);
        await cluster.CreateRootDirectoryAsync(cancellationToken);
        try
        {
            await cluster.InitDbAsync(cancellationToken);
            await cluster.StartServerAsync(options, cancellationToken);
            return cluster;
        }
        catch
        {
            try
            {
                await cluster.StopAsync();
            }
            catch (Exception)
            {
                // The failure to start is the one worth reporting; the cleanup's own failure would hide it.
            }

            throw;
        }
    }

    /// <summary>Stops the server with a fast shutdown (every session is disconnected, open transactions roll back),
    /// keeps it down for <paramref name="downtime"/>, and starts it again on the same port and data
    /// directory.</summary>
    public async Task RestartAsync(TimeSpan downtime, CancellationToken cancellationToken)
    {
        var options = _options ?? throw new InvalidOperationException("The server was never started.");
        var stop = await PgCtlAsync(["-D", DataDirectory, "-m", "fast", "-w", "-t", TimeoutSeconds, "stop"],
            cancellationToken);
        stop.EnsureSuccess("stop the embedded PostgreSQL server (fast shutdown)");
        await Task.Delay(downtime, cancellationToken);
        var start = await PgCtlAsync(
            ["-D", DataDirectory, "-l", LogFile, "-w", "-t", TimeoutSeconds, "-o", ServerOptions(options), "start"],
            cancellationToken);
        start.EnsureSuccess($"start the embedded PostgreSQL server again on port {Port}");
    }

    /// <summary>Stops the server (fast shutdown, else immediate) and deletes the whole directory even when the
    /// shutdown failed: a postmaster that outlives its data directory shuts itself down within a minute, once it
    /// notices that its lock file is gone.</summary>
    public async Task StopAsync()
    {
        try
        {
            if (File.Exists(PidFile))
            {
                var fast = await PgCtlAsync(["-D", DataDirectory, "-m", "fast", "-w", "-t", TimeoutSeconds, "stop"],
                    CancellationToken.None);
                if (fast.ExitCode != 0 && File.Exists(PidFile))
                {
                    var immediate = await PgCtlAsync(["-D", DataDirectory, "-m", "immediate", "-w", "-t",
                        TimeoutSeconds, "stop"], CancellationToken.None);
                    immediate.EnsureSuccess("stop the embedded PostgreSQL server");
                }
            }
        }
        finally
        {
            if (Directory.Exists(RootDirectory))
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
        }
    }

    private async Task CreateRootDirectoryAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                "The embedded PostgreSQL server runs on Unix only; on Windows set a ConnectionString.");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            Directory.CreateDirectory(RootDirectory,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return;
        }

        // As root, let the postgres user create it, so that it owns the directory the server writes into.
        var result = await ProcessRunner.RunAsServerUserAsync("mkdir", ["-m", "700", RootDirectory], _timeout,
            cancellationToken);
        result.EnsureSuccess(
            $"create {RootDirectory} as the postgres user, which must be able to write to {Path.GetTempPath()} " +
            $"(TMPDIR)");
    }

    private async Task InitDbAsync(CancellationToken cancellationToken)
    {
        // -U: the superuser is "postgres" whoever runs initdb, so connection strings never depend on the OS user.
        // TCP clients authenticate with SCRAM (the superuser's password is set once the server runs); the unix socket
        // stays trusted, because only the server's own user can reach it (see SocketDirectory).
        // --no-sync: initdb's flush only guards its own files against a power cut, and the cluster is thrown away on
        // dispose; the durability of commits is the server's fsync setting (Durable), which this does not touch.
        var result = await ProcessRunner.RunAsServerUserAsync(_binaries.InitDb,
            ["-D", DataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--locale=C", "--no-sync"],
            _timeout, cancellationToken);
        result.EnsureSuccess("initialise a PostgreSQL cluster");
    }

    private async Task StartServerAsync(EmbeddedPostgresOptions options, CancellationToken cancellationToken)
    {
        _options = options;
        for (var attempt = 1; ; attempt++)
        {
            // Another process may take the port between our probe and the server's bind; then try another one.
            Port = FreePort.Next();
            File.Delete(LogFile);
            var result = await PgCtlAsync(
                ["-D", DataDirectory, "-l", LogFile, "-w", "-t", TimeoutSeconds, "-o", ServerOptions(options), "start"],
                cancellationToken);
            if (result.ExitCode == 0)
            {
                return;
            }

            var log = ReadLogTail();
            if (attempt < PortAttempts && log.Contains("Address already in use", StringComparison.Ordinal))
            {
                continue;
            }

            throw new InvalidOperationException(
                $"PostgreSQL did not start on 127.0.0.1:{Port}: `{result.CommandLine}` exited with " +
                $"{result.ExitCode}: " +
                $"{result.StandardError.Trim()}{Environment.NewLine}postgres.log ends with:{Environment.NewLine}{log}");
        }
    }

    private string ServerOptions(EmbeddedPostgresOptions options)
    {
        List<string> settings =
        [
            $"port={Port}",
            "listen_addresses=127.0.0.1",
            $"unix_socket_directories={RootDirectory}",
            $"max_connections={options.MaxConnections}",
        ];
        if (!options.Durable)
        {
            settings.AddRange(["fsync=off", "synchronous_commit=off", "full_page_writes=off"]);
        }

        if (options.TrackStatements)
        {
            settings.AddRange(
                ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all", "track_io_timing=on"]);
        }

        // pg_ctl hands -o to the server through /bin/sh, so each setting is quoted for the shell.
        return string.Join(' ',
            settings.Select(setting => "-c '" + setting.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
    }

    private Task<ProcessResult> PgCtlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsServerUserAsync(_binaries.PgCtl, arguments, _timeout + ToolGrace, cancellationToken);

    private string ReadLogTail() => File.Exists(LogFile)
        ? string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(LogTailLines))
        : "(no log was written)";
}
