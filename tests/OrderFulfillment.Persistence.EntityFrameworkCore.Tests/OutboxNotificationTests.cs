using System.Data.Common;
using System.Text;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

/// <summary>Relays woken across processes by LISTEN/NOTIFY, and idle relays that commit nothing.</summary>
public sealed class OutboxNotificationTests
{
    // Far beyond every deadline below: only a notification can make a relay read in time.
    private static readonly TimeSpan NoPoll = TimeSpan.FromMinutes(10);

    [TestCase(false, TestName = "A commit in another process wakes the relay without its poll (SaveChanges)")]
    [TestCase(true, TestName = "A commit in another process wakes the relay without its poll (ExecuteSql)")]
    [CancelAfter(120_000)]
    public async Task A_commit_in_another_process_wakes_the_relay_without_its_poll(bool bySql)
    {
        var topic = await InfrastructureFixture.CreateTopic("outbox.notified", 3);
        var database = await TestDatabase.CreateAsync();
        var relay = await Relay.Start(database, NoPoll);
        await using var host = relay.Host;
        await relay.Asleep(listens: 1);

        (await WriteInAnotherProcess(database, topic, bySql))
            .Should().ContainSingle("the other process's commit woke the relay");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_process_whose_relay_leads_commits_its_outbox_rows_without_notify()
    {
        var topic = await InfrastructureFixture.CreateTopic("outbox.local", 3);
        var database = await TestDatabase.CreateAsync();
        var commands = new CommandTexts();
        var relay = await Relay.Start(database, NoPoll, commands);
        await using var host = relay.Host;
        await relay.Asleep(listens: 1);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.Add(Row(topic));
            await db.SaveChangesAsync();
        }

        host.Services.GetRequiredService<OutboxSignal>().Notify();
        (await TopicReader.ReadAsync(topic, 1, TimeSpan.FromSeconds(30))).Should().ContainSingle();
        commands.Texts.Should()
            .ContainSingle(t => t.Contains("INSERT INTO \"OutboxMessage\"", StringComparison.Ordinal))
            .Which.Should().NotContain("NOTIFY",
                "the process's own relay is woken in-process; NOTIFY would serialise commits cluster-wide");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task The_listener_reconnects_after_its_connection_is_terminated_and_delivery_still_wakes()
    {
        var topic = await InfrastructureFixture.CreateTopic("outbox.relistened", 3);
        var database = await TestDatabase.CreateAsync();
        var relay = await Relay.Start(database, NoPoll);
        await using var host = relay.Host;
        await relay.Asleep(listens: 1);

        var name = new NpgsqlConnectionStringBuilder(database).Database;
        await using (var admin = new NpgsqlConnection(database))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE '%outbox " +
                "listener' AND pg_terminate_backend(pid)", admin)
            {
                Parameters = { new() { Value = name! } },
            };
            ((long)(await terminate.ExecuteScalarAsync())!).Should().Be(1, "the relay listens on one connection");
        }

        await relay.Asleep(listens: 2);

        (await WriteInAnotherProcess(database, topic))
            .Should().ContainSingle("the reconnected listener woke the relay");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task An_idle_relay_commits_nothing_however_often_it_polls()
    {
        const int polls = 40;
        var database = await TestDatabase.CreateAsync();
        // Polls every 20 ms, listening or not: each poll reads the (empty) outbox.
        var relay = await Relay.Start(database, TimeSpan.FromMilliseconds(20));
        await using var host = relay.Host;
        await relay.Asleep(listens: 1);

        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        var (commits, rollbacks) = Transactions(name);
        var idle = relay.Observer.IdleCount;
        await Eventually.True(() => relay.Observer.IdleCount >= idle + polls, TimeSpan.FromSeconds(60),
            "the relay polled");
        // The server publishes a backend's counts within a second or so; wait until every poll shows as a transaction.
        await Eventually.True(() => Transactions(name) is var now
            && now.Commits + now.Rollbacks - commits - rollbacks >= polls,
            TimeSpan.FromSeconds(60), "the polls' transactions are counted");

        var after = Transactions(name);
        TestContext.Out.WriteLine(
            $"{relay.Observer.IdleCount - idle} idle polls: {after.Commits - commits} commits, " +
            $"{after.Rollbacks - rollbacks} rollbacks");
        (after.Commits - commits).Should().BeLessThanOrEqualTo(2, "a poll that finds nothing ends without a commit");
    }

    private static (long Commits, long Rollbacks) Transactions(string database)
    {
        // Read from another database, so that reading adds nothing to the counts.
        var builder = new NpgsqlConnectionStringBuilder(InfrastructureFixture.Postgres.GetConnectionString(
            "postgres")) { Pooling = false };
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var command =
            new NpgsqlCommand("SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = database } },
        };
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Stores an outbox row from another process on the same database (its own services, DbContext and signal; it
    /// delivers nothing), through SaveChanges or with hand-written SQL, and reads what the relay delivers within a
    /// deadline far shorter than the relay's poll.
    /// </summary>
    private static async Task<List<Confluent.Kafka.ConsumeResult<byte[], byte[]>>> WriteInAnotherProcess(
        string database, string topic, bool bySql = false)
    {
        var services = new ServiceCollection();
        services.AddDbContext<TestDbContext>(o => o.UseNpgsql(database));
        services.AddEntityFrameworkOutbox<TestDbContext>(o => o.DisableDeliveryService());
        await using (var writer = services.BuildServiceProvider())
        await using (var scope = writer.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            var row = Row(topic);
            if (bySql)
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "OutboxMessage" ("MessageId", "Topic", "Key", "Value", "Headers", "Created")
                    VALUES ({row.MessageId}, {row.Topic}, {row.Key}, {row.Value}, {row.Headers}::jsonb, {row.Created})
                    """);
            }
            else
            {
                db.Add(row);
                await db.SaveChangesAsync();
            }
        }

        return await TopicReader.ReadAsync(topic, 1, TimeSpan.FromSeconds(30));
    }

    private static OutboxMessage Row(string topic)
    {
        var id = Guid.NewGuid();
        return new OutboxMessage
        {
            MessageId = id, Topic = topic, Key = "k1", Value = Encoding.UTF8.GetBytes("1"),
                Headers = $"{{\"MessageId\":\"{id}\"}}",
            Created = DateTime.UtcNow,
        };
    }

    private sealed record Relay(RiderHost Host, Observer Observer)
    {
        public static async Task<Relay> Start(string database, TimeSpan poll, params IInterceptor[] interceptors)
        {
            var observer = new Observer();
            var host = await RiderHost.Start(_ => { }, (_, _) => { }, services =>
            {
                services.AddSingleton<IOutboxDeliveryObserver>(observer);
                TestDatabase.AddTo(services, database, o =>
                {
                    o.QueryDelay = poll;
                    o.ListeningQueryDelay = poll;
                }, interceptors);
            });
            return new Relay(host, observer);
        }

        /// <summary>
        /// Waits until the listener connected this often and the relay sleeps with no wake-up pending.
        /// </summary>
        public async Task Asleep(int listens)
        {
            var signal = Host.Services.GetRequiredService<OutboxSignal>();
            await Eventually.True(() => Observer.Listens >= listens && signal.Asleep, TimeSpan.FromSeconds(30),
                "the relay listens and sleeps");
        }
    }

    /// <summary>
    /// The text of every reader command as it went to PostgreSQL (after every interceptor changed it).
    /// </summary>
    private sealed class CommandTexts : DbCommandInterceptor
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Texts { get; } = new();

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command,
            CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }

    private sealed class Observer : IOutboxDeliveryObserver
    {
        private int _idle;
        private int _listens;

        public int IdleCount => Volatile.Read(ref _idle);

        public int Listens => Volatile.Read(ref _listens);

        public void NotLeader()
        {
        }

        public void BatchStarted(IReadOnlyList<OutboxMessage> batch)
        {
        }

        public void BatchEnded()
        {
        }

        public void Idle() => Interlocked.Increment(ref _idle);

        public void Listening() => Interlocked.Increment(ref _listens);
    }
}
