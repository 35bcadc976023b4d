using System.Text;
using Confluent.Kafka;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

public sealed class OutboxDeliveryTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task A_refused_row_is_dead_lettered_and_a_transiently_failing_key_holds_back_only_its_own_later_rows()
    {
        var healthy = await InfrastructureFixture.CreateTopic("outbox.healthy", 3);
        var broken = await InfrastructureFixture.CreateTopic("outbox.broken", 3);
        var database = await TestDatabase.CreateAsync();
        // k1..k3 on the healthy topic; k2's second row is larger than message.max.bytes (librdkafka refuses it before
        // sending); k9 on the broken topic cannot be produced while the topic reports an error.
        var rows = new List<OutboxMessage>();
        for (var i = 1; i <= 4; i++)
        {
            foreach (var key in new[] { "k1", "k2", "k3" })
            {
                rows.Add(Row(healthy, key, i, key == "k2" && i == 2 ? 2_000_000 : 0));
            }

            rows.Add(Row(broken, "k9", i));
        }

        await Insert(database, rows);
        var tooLarge = rows.Single(r => r.Value.Length > 1_000_000);
        await InfrastructureFixture.Kafka.SetTopicErrorAsync(broken, ErrorCode.LeaderNotAvailable);
        try
        {
            // librdkafka would hold k9's record for its default message.timeout.ms (5 min); the batch waits 2 s.
            await using var relay = await StartRelay(database, deliveryTimeout: TimeSpan.FromSeconds(2));

            var delivered = await TopicReader.ReadAsync(healthy, 11, TimeSpan.FromSeconds(60));
            InOrderPerKey(delivered).Should().BeEquivalentTo(new Dictionary<string, int[]>
            {
                ["k1"] = [1, 2, 3, 4],
                ["k2"] = [1, 3, 4],
                ["k3"] = [1, 2, 3, 4],
            }, o => o.WithStrictOrdering(),
            "rows behind a refused row of their key, and other keys, are delivered in order");
            await Eventually.True(() => Outbox(database).Count == 4, TimeSpan.FromSeconds(30),
                "acknowledged and refused rows left the outbox");
            Outbox(database).Should().OnlyContain(m => m.Topic == broken, "only the failing key's rows wait");

            await using var db = TestDatabase.Open(database);
            var dead = await db.ListOutboxDeadLettersAsync();
            dead.Should().ContainSingle().Which.Should().Match<OutboxDeadLetter>(d =>
                d.SequenceNumber == tooLarge.SequenceNumber && d.MessageId == tooLarge.MessageId && d.Key == "k2"
                && d.Value.Length == tooLarge.Value.Length && d.Error.Contains("MsgSizeTooLarge"));

            // Once the partition has a leader again, the waiting key leaves in order, its first record not doubled
            // although its produce outlived the batch that started it.
            await InfrastructureFixture.Kafka.SetTopicErrorAsync(broken, ErrorCode.NoError);
            await Eventually.True(() => Outbox(database).Count == 0, TimeSpan.FromSeconds(90),
                "the waiting key is delivered");
            var late = await TopicReader.ReadAsync(broken, 5, TimeSpan.FromSeconds(5));
            InOrderPerKey(late).Should()
                .BeEquivalentTo(new Dictionary<string, int[]> { ["k9"] = [1, 2, 3, 4] }, o => o.WithStrictOrdering());
        }
        finally
        {
            await InfrastructureFixture.Kafka.SetTopicErrorAsync(broken, ErrorCode.NoError);
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Rows_held_back_by_a_transient_failure_are_delivered_in_order_once_it_clears()
    {
        var broken = await InfrastructureFixture.CreateTopic("outbox.broken", 3);
        var database = await TestDatabase.CreateAsync();
        await Insert(database, [.. Enumerable.Range(1, 5).Select(i => Row(broken, "k9", i))]);
        await InfrastructureFixture.Kafka.SetTopicErrorAsync(broken, ErrorCode.LeaderNotAvailable);
        // The producer gives up on a record after 3 s: a transient failure the relay sees.
        await using var relay = await StartRelay(database, messageTimeoutMs: 3000);
        var attempts = relay.Services.GetRequiredService<BatchRecorder>();
        await Eventually.True(() => attempts.Batches >= 2, TimeSpan.FromSeconds(60), "delivery was tried and failed");
        Outbox(database).Should().HaveCount(5, "nothing was acknowledged");

        await InfrastructureFixture.Kafka.SetTopicErrorAsync(broken, ErrorCode.NoError);

        var delivered = await TopicReader.ReadAsync(broken, 5, TimeSpan.FromSeconds(60));
        InOrderPerKey(delivered).Should()
            .BeEquivalentTo(new Dictionary<string, int[]> { ["k9"] = [1, 2, 3, 4, 5] }, o => o.WithStrictOrdering());
        await Eventually.True(() => Outbox(database).Count == 0, TimeSpan.FromSeconds(30),
            "delivered rows are deleted");
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task Two_relays_on_one_database_never_deliver_at_once_and_deliver_everything_once_in_order()
    {
        const int keys = 20, perKey = 60;
        var topic = await InfrastructureFixture.CreateTopic("outbox.relayed", 6);
        var database = await TestDatabase.CreateAsync();
        var shared = new BatchRecorder();
        await using var first = await StartRelay(database, shared, limit: 40);
        await using var second = await StartRelay(database, shared, limit: 40);

        // Written while both relays run, in small commits, as handlers would.
        for (var i = 1; i <= perKey; i++)
        {
            await Insert(database, [.. Enumerable.Range(0, keys).Select(k => Row(topic, $"k{k}", i))]);
        }

        await Eventually.True(() => Outbox(database).Count == 0, TimeSpan.FromSeconds(90), "the outbox is drained");
        // One more than was written, to see a copy if there were one; the deadline ends the read otherwise.
        var delivered = await TopicReader.ReadAsync(topic, keys * perKey + 1, TimeSpan.FromSeconds(10));

        TestContext.Out.WriteLine(
            $"batches: {shared.Batches}, by relay: {string.Join(", ", shared.ByRelay.Values)}, refused: " +
            $"{shared.Refused}");
        shared.MaxConcurrent.Should().Be(1, "a batch runs only while its transaction holds the lock");
        shared.Refused.Should().BePositive("the relays competed: a relay was refused the lock while the other held it");
        delivered.Should().HaveCount(keys * perKey, "every row was produced exactly once");
        delivered.Select(r => Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("MessageId")))
            .Should().OnlyHaveUniqueItems();
        InOrderPerKey(delivered)
            .Should().HaveCount(keys).And.OnlyContain(k => k.Value.SequenceEqual(Enumerable.Range(1, perKey)));
    }

    private static OutboxMessage Row(string topic, string key, int number, int padding = 0)
    {
        var id = Guid.NewGuid();
        return new OutboxMessage
        {
            MessageId = id,
            Topic = topic,
            Key = key,
            Value = Encoding.UTF8.GetBytes(
                number.ToString(System.Globalization.CultureInfo.InvariantCulture) + new string(' ', padding)),
            Headers = $"{{\"MessageId\":\"{id}\"}}",
            Created = DateTime.UtcNow,
        };
    }

    private static async Task Insert(string database, IReadOnlyList<OutboxMessage> rows)
    {
        await using var db = TestDatabase.Open(database);
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }

    private static List<OutboxMessage> Outbox(string database)
    {
        using var db = TestDatabase.Open(database);
        return db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.SequenceNumber).ToList();
    }

    private static Dictionary<string, int[]> InOrderPerKey(IEnumerable<ConsumeResult<byte[], byte[]>> records) =>
        records.GroupBy(r => Encoding.UTF8.GetString(r.Message.Key))
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Offset.Value)
                .Select(r => int.Parse(Encoding.UTF8.GetString(r.Message.Value).Trim(),
                    System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    /// <summary>A process that only relays this database's outbox: no endpoints.</summary>
    private static Task<RiderHost> StartRelay(string database, BatchRecorder? recorder = null, int limit = 500,
        int? messageTimeoutMs = null, TimeSpan? deliveryTimeout = null) =>
        RiderHost.Start(
            _ => { },
            (_, k) => k.ConfigureProducer(p => p.MessageTimeoutMs = messageTimeoutMs ?? p.MessageTimeoutMs),
            services =>
            {
                var relay = (recorder ?? new BatchRecorder()).ForRelay();
                services.AddSingleton(relay.Recorder);
                services.AddSingleton<IOutboxDeliveryObserver>(relay);
                TestDatabase.AddTo(services, database, o =>
                {
                    o.QueryDelay = TimeSpan.FromMilliseconds(50);
                    o.QueryMessageLimit = limit;
                    o.DeliveryTimeout = deliveryTimeout ?? o.DeliveryTimeout;
                });
            });

    /// <summary>Counts batches across relays and the most that were ever inside one at the same time.</summary>
    private sealed class BatchRecorder
    {
        private int _inside;
        private int _maxConcurrent;
        private int _batches;
        private int _refused;

        public int MaxConcurrent => _maxConcurrent;

        public int Batches => _batches;

        public int Refused => _refused;

        public System.Collections.Concurrent.ConcurrentDictionary<int, int> ByRelay { get; } = new();

        private int _relays;

        public Relay ForRelay() => new(this, Interlocked.Increment(ref _relays));

        public sealed class Relay(BatchRecorder recorder, int number) : IOutboxDeliveryObserver
        {
            public BatchRecorder Recorder => recorder;

            public void BatchStarted(IReadOnlyList<OutboxMessage> batch)
            {
                var inside = Interlocked.Increment(ref recorder._inside);
                InterlockedMax(ref recorder._maxConcurrent, inside);
                Interlocked.Increment(ref recorder._batches);
                recorder.ByRelay.AddOrUpdate(number, 1, (_, n) => n + 1);
            }

            public void BatchEnded() => Interlocked.Decrement(ref recorder._inside);

            public void NotLeader() => Interlocked.Increment(ref recorder._refused);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value
                && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
