using System.Globalization;
using System.Net.Sockets;
using FluentAssertions;
using Npgsql;
using NUnit.Framework;

namespace OrderFulfillment.EmbeddedPostgres.Tests;

/// <summary>Tests that start and stop servers of their own.</summary>
[TestFixture]
public sealed class LifecycleTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Dispose_leaves_no_process_directory_or_listener_behind(CancellationToken cancellationToken)
    {
        await using var server =
            await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { Durable = false }, cancellationToken);
        var root = Path.GetDirectoryName(server.DataDirectory)!;
        // postmaster.pid starts with the postmaster's PID.
        var postmaster = int.Parse(File.ReadLines(Path.Combine(server.DataDirectory!, "postmaster.pid")).First(),
            CultureInfo.InvariantCulture);
        var connectionString = server.GetConnectionString("postgres");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
        }

        Processes.IsAlive(postmaster).Should().BeTrue();

        await server.DisposeAsync();
        await server.DisposeAsync(); // idempotent, as is the await using's own dispose

        (await Processes.WaitUntilExitedAsync(postmaster, TimeSpan.FromSeconds(30), cancellationToken))
            .Should().BeTrue($"postmaster {postmaster} should have exited");
        Directory.Exists(root).Should().BeFalse();
        var reconnect = async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=5");
            await connection.OpenAsync(cancellationToken);
        };
        (await reconnect.Should().ThrowAsync<NpgsqlException>()).WithInnerException<SocketException>();
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Restart_ends_open_sessions_and_comes_back_on_the_same_port_with_committed_data(
        CancellationToken cancellationToken)
    {
        await using var server =
            await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { Durable = false }, cancellationToken);
        var connectionString = await server.CreateDatabaseAsync("restart", cancellationToken) + ";Pooling=false";
        await using var open = new NpgsqlConnection(connectionString);
        await open.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(open, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)", cancellationToken);
        var port = server.Port;

        await server.RestartAsync(TimeSpan.FromSeconds(1), cancellationToken);

        var onTheOldSession = () => Sql.ScalarAsync<int>(open, "SELECT id FROM kept", cancellationToken);
        await onTheOldSession.Should().ThrowAsync<Exception>("a fast shutdown terminates every session");
        await using var again = new NpgsqlConnection(connectionString);
        await again.OpenAsync(cancellationToken);
        (await Sql.ScalarAsync<int>(again, "SELECT id FROM kept", cancellationToken)).Should().Be(7);
        new NpgsqlConnectionStringBuilder(connectionString).Port.Should().Be(port);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Durable_server_keeps_fsync_on(CancellationToken cancellationToken)
    {
        await using var server = await EmbeddedPostgresServer.StartAsync(cancellationToken: cancellationToken);
        await using var connection = new NpgsqlConnection(server.GetConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);

        (await Sql.ScalarAsync<string>(connection, "SHOW fsync", cancellationToken)).Should().Be("on");
        (await Sql.ScalarAsync<string>(connection, "SHOW synchronous_commit", cancellationToken)).Should().Be("on");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Failed_start_reports_the_server_log_and_cleans_up(CancellationToken cancellationToken)
    {
        // A temp directory of its own: other processes on the machine start clusters in the shared one meanwhile.
        var temp = Directory.CreateTempSubdirectory("orderfulfillment-pg-tests-");
        var sharedTemp = Environment.GetEnvironmentVariable("TMPDIR");
        try
        {
            // The cluster's directory is made by the postgres user when the tests run as root.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp.FullName, (UnixFileMode)0b111_111_111);
            }

            Environment.SetEnvironmentVariable("TMPDIR", temp.FullName);
            // One above the server's limit: initdb succeeds, the server itself refuses to start.
            var start = () => EmbeddedPostgresServer.StartAsync(
                new EmbeddedPostgresOptions { Durable = false, MaxConnections = 262_144 }, cancellationToken);

            (await start.Should().ThrowAsync<InvalidOperationException>())
                .WithMessage($"*{temp.FullName}*postgres.log ends with*max_connections*");
            temp.GetFileSystemInfos().Should().BeEmpty("the failed start deleted the cluster's directory");
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", sharedTemp);
            temp.Delete(recursive: true);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Missing_binaries_give_an_error_naming_the_package(CancellationToken cancellationToken)
    {
        var empty = Directory.CreateTempSubdirectory("orderfulfillment-pg-tests-");
        try
        {
            var start = () => EmbeddedPostgresServer.StartAsync(
                new EmbeddedPostgresOptions { BinDirectory = empty.FullName }, cancellationToken);

            (await start.Should().ThrowAsync<FileNotFoundException>())
                .WithMessage($"*initdb*{empty.FullName}*apt-get install -y postgresql*");
        }
        finally
        {
            empty.Delete();
        }
    }
}
