using System.Data.Common;
using FluentAssertions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

public sealed class BusOutboxAndCleanupTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_produce_outside_a_consume_is_committed_with_the_callers_changes_or_not_at_all()
    {
        var requests = await InfrastructureFixture.CreateTopic("payments.payment.charge");
        var database = await TestDatabase.CreateAsync();
        await using var api = await RiderHost.Start(
            rider => rider.AddProducer<ChargeRequested>(requests, m => m.OrderId.ToString()),
            (_, _) => { },
            services => TestDatabase.AddTo(services, database, o => o.UseBusOutbox()));

        var abandoned = Guid.NewGuid();
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.Charges.Add(new Charge { Id = Guid.NewGuid(), OrderId = abandoned, Amount = 1 });
            await scope.ServiceProvider.GetRequiredService<ITopicProducer<ChargeRequested>>()
                .Produce(new ChargeRequested(abandoned, 1));
            // The request fails before SaveChanges: neither the row nor the event may exist.
        }

        var accepted = Guid.NewGuid();
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.Charges.Add(new Charge { Id = Guid.NewGuid(), OrderId = accepted, Amount = 2 });
            await scope.ServiceProvider.GetRequiredService<ITopicProducer<ChargeRequested>>()
                .Produce(new ChargeRequested(accepted, 2));
            (await TopicReader.ReadAsync(requests, 1, TimeSpan.FromMilliseconds(500)))
                .Should().BeEmpty("nothing is produced before the commit");
            await db.SaveChangesAsync();
        }

        var produced = await TopicReader.ReadAsync(requests, 2, TimeSpan.FromSeconds(10));
        produced.Should().ContainSingle().Which.Message.Key.Should()
            .Equal(System.Text.Encoding.UTF8.GetBytes(accepted.ToString()));
        await using var check = TestDatabase.Open(database);
        (await check.Charges.Select(c => c.OrderId).ToListAsync()).Should().Equal(accepted);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Inbox_cleanup_removes_expired_rows_in_bounded_batches_and_keeps_the_rest()
    {
        var database = await TestDatabase.CreateAsync();
        await using (var db = TestDatabase.Open(database))
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"InboxState\" (\"MessageId\", \"ConsumerId\", \"Consumed\") " +
                "SELECT gen_random_uuid(), gen_random_uuid(), now() - interval '8 days' FROM generate_series(1, " +
                "12000)");
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"InboxState\" (\"MessageId\", \"ConsumerId\", \"Consumed\") " +
                "SELECT gen_random_uuid(), gen_random_uuid(), now() - interval '1 day' FROM generate_series(1, 10)");
        }

        var services = new ServiceCollection();
        var statements = new StatementCounter();
        TestDatabase.AddTo(services, database, o => o.InboxCleanupBatchSize = 5000, statements);
        await using var provider = services.BuildServiceProvider();
        var cleanup = new InboxCleanupService<TestDbContext>(provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<EntityFrameworkOutboxOptions>(),
            provider.GetRequiredService<InboxConsumers<TestDbContext>>());

        (await cleanup.RemoveExpired(CancellationToken.None)).Should().Be(12000);
        statements.Count.Should().Be(3, "12,000 rows in batches of 5,000 take three statements");
        await using var check = TestDatabase.Open(database);
        (await check.Set<InboxState>().CountAsync()).Should().Be(10, "rows inside the window are kept");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Inbox_cleanup_keeps_each_consumers_rows_for_the_window_its_endpoint_configured()
    {
        var requests = await InfrastructureFixture.CreateTopic("payments.payment.charge");
        var captures = await InfrastructureFixture.CreateTopic("payments.payment.captured");
        var database = await TestDatabase.CreateAsync();
        await using var service = await RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<ChargeConsumer>();
                rider.AddConsumer<CaptureConsumer>();
            },
            (context, k) =>
            {
                k.TopicEndpoint<ChargeRequested>(requests, "payments." + requests, e =>
                {
                    e.UseEntityFrameworkOutbox<TestDbContext>(context, i =>
                    {
                        i.ConsumerId = "payments.short";
                        i.DuplicateDetectionWindow = TimeSpan.FromDays(1);
                    });
                    e.ConfigureConsumer<ChargeConsumer>(context);
                });
                k.TopicEndpoint<PaymentCaptured>(captures, "ledger." + captures, e =>
                {
                    e.UseEntityFrameworkOutbox<TestDbContext>(context, i =>
                    {
                        i.ConsumerId = "ledger.audit";
                        i.DuplicateDetectionWindow = TimeSpan.FromDays(365);
                    });
                    e.ConfigureConsumer<CaptureConsumer>(context);
                });
            },
            services =>
            {
                services.AddSingleton(new ChargeBehaviour());
                TestDatabase.AddTo(services, database);
            });

        var shortId = InboxConsumer.IdOf("payments.short");
        var auditId = InboxConsumer.IdOf("ledger.audit");
        // The audit consumer's rows from before it had an explicit id (derived from endpoint, class and message type).
        var auditLegacyId = InboxConsumer.IdOf(
            $"{captures}/ledger.{captures}|{typeof(CaptureConsumer).FullName}|{typeof(PaymentCaptured).FullName}");
        var shortLegacyId = InboxConsumer.IdOf(
            $"{requests}/payments.{requests}|{typeof(ChargeConsumer).FullName}|{typeof(ChargeRequested).FullName}");
        var orphanId = Guid.NewGuid();
        await using (var db = TestDatabase.Open(database))
        {
            foreach (var (consumer, days) in new[]
                     {
                         (shortId, 0.5), (shortId, 2), (shortLegacyId, 2), (auditId, 2), (auditId, 300), (auditId, 400),
                             (auditLegacyId, 300),
                         (auditLegacyId, 400), (orphanId, 300), (orphanId, 400),
                     })
            {
                db.Add(new InboxState { MessageId = Guid.NewGuid(), ConsumerId = consumer,
                    Consumed = DateTime.UtcNow.AddDays(-days) });
            }

            await db.SaveChangesAsync();
        }

        var cleanup = service.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .OfType<InboxCleanupService<TestDbContext>>().Single();
        (await cleanup.RemoveExpired(CancellationToken.None)).Should().Be(5);

        await using var check = TestDatabase.Open(database);
        var kept = await check.Set<InboxState>().ToListAsync();
        kept.Select(r => (r.ConsumerId, (int)Math.Round((DateTime.UtcNow - r.Consumed).TotalDays)))
            .Should().BeEquivalentTo(new[]
        {
            (shortId, 1), (auditId, 2), (auditId, 300), (auditLegacyId, 300), (orphanId, 300),
        }, "each consumer keeps its own window (its legacy rows too); unknown consumers keep the longest");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Handling_a_message_costs_one_database_commit_and_delivery_is_batched()
    {
        // Without shared transactions (MessagesPerTransaction = 1); SharedTransactionTests cover the default.
        const int messages = 200;
        var requests = await InfrastructureFixture.CreateTopic("payments.payment.charge");
        var captures = await InfrastructureFixture.CreateTopic("payments.payment.captured");
        var database = await TestDatabase.CreateAsync();
        var commits = new CommitCounter();
        var batches = new BatchCounter();
        await using var service = await RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<ChargeConsumer>();
                rider.AddProducer<ChargeRequested>(requests, m => m.OrderId.ToString());
                rider.AddProducer<PaymentCaptured>(captures, m => m.OrderId.ToString());
            },
            (context, k) => k.TopicEndpoint<ChargeRequested>(requests, "payments." + requests, e =>
            {
                e.UseEntityFrameworkOutbox<TestDbContext>(context);
                e.ConfigureConsumer<ChargeConsumer>(context);
            }),
            services =>
            {
                services.AddSingleton(new ChargeBehaviour());
                services.AddSingleton<IOutboxDeliveryObserver>(batches);
                TestDatabase.AddTo(services, database, o =>
                {
                    o.QueryDelay = TimeSpan.FromHours(1);
                    o.MessagesPerTransaction = 1;
                }, commits);
            });

        var producer = service.Producer<ChargeRequested>();
        await Task.WhenAll(
            Enumerable.Range(0, messages).Select(i => producer.Produce(new ChargeRequested(Guid.NewGuid(), i))));
        (await TopicReader.ReadAsync(captures, messages, TimeSpan.FromSeconds(60))).Should().HaveCount(messages);

        TestContext.Out.WriteLine(
            $"{messages} messages: {commits.Transactions} handling transactions, {commits.Autocommits} autocommit " +
            $"statements (delivery)");
        TestContext.Out.WriteLine($"delivery: {batches.Count} batch transactions");
        commits.Transactions.Should().Be(messages, "state, inbox and outbox rows commit together, once per message");
        // The relay runs on its own connections, outside EF Core: its batches are counted by its observer.
        batches.Count.Should().BeInRange(1, messages / 4, "delivery reads and deletes in batches");
    }

    /// <summary>Counts statements sent to PostgreSQL.</summary>
    private sealed class StatementCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => _count;

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
            int result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>
    /// Counts PostgreSQL commits made through EF: explicit transactions and statements run outside one.
    /// </summary>
    /// <summary>Counts the relay's batches that read rows (each one transaction).</summary>
    private sealed class BatchCounter : IOutboxDeliveryObserver
    {
        private int _count;

        public int Count => _count;

        public void NotLeader()
        {
        }

        public void BatchStarted(IReadOnlyList<OutboxMessage> batch) => Interlocked.Increment(ref _count);

        public void BatchEnded()
        {
        }
    }

    internal sealed class CommitCounter : DbCommandInterceptor, IDbTransactionInterceptor
    {
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbTransaction, object> _handling = new();
        private int _transactions;
        private int _other;
        private int _autocommits;

        /// <summary>Transactions that handled a message (they wrote an inbox row).</summary>
        public int Transactions => _transactions;

        /// <summary>Other transactions: delivery batches.</summary>
        public int OtherTransactions => _other;

        public int Autocommits => _autocommits;

        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            if (result.Transaction is null)
            {
                Interlocked.Increment(ref _autocommits);
            }
            else if (result.CommandText.Contains("\"InboxState\"", StringComparison.Ordinal))
            {
                _handling.AddOrUpdate(result.Transaction, this);
            }

            return result;
        }

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _handling.Remove(transaction) ? ref _transactions : ref _other);
            return Task.CompletedTask;
        }
    }
}
