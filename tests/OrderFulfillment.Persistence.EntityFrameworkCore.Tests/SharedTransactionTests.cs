using System.Data.Common;
using FluentAssertions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

/// <summary>
/// Consumed messages sharing database transactions (the default): fewer commits, the same guarantees.
/// </summary>
public sealed class SharedTransactionTests
{
    private const int Messages = 200;

    [Test]
    [CancelAfter(120_000)]
    public async Task Messages_arriving_together_share_commits_and_each_takes_effect_once()
    {
        var commits = new BusOutboxAndCleanupTests.CommitCounter();
        var (requests, captures, database) = await Infrastructure();
        await using var service = await Start(requests, captures, database, new ChargeBehaviour(), commits);

        await ProduceRequests(service, Messages);

        await AssertEachTookEffectOnce(captures, database, Messages);
        TestContext.Out.WriteLine($"{Messages} messages: {commits.Transactions} shared transactions");
        commits.Transactions.Should()
            .BeLessThan(Messages / 4, "messages that arrive while a commit is under way share the next one");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_failing_message_is_rolled_back_to_its_savepoint_and_the_others_in_its_transaction_commit()
    {
        const int failures = 5;
        var behaviour = new ChargeBehaviour { FailFirstAttempts = failures };
        var commits = new BusOutboxAndCleanupTests.CommitCounter();
        var (requests, captures, database) = await Infrastructure();
        await using var service = await Start(requests, captures, database, behaviour, commits);

        await ProduceRequests(service, Messages);

        // A failed attempt had already added its charge and its outbox row: the savepoint took back both.
        await AssertEachTookEffectOnce(captures, database, Messages);
        behaviour.Attempts.Should()
            .Be(Messages + failures, "only the failed attempts ran again, not their transactions' other messages");
        commits.Transactions.Should()
            .BeLessThan(Messages / 4, "the failures did not split the batches into single commits");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_shared_commit_that_fails_runs_every_message_of_its_transaction_again_and_none_twice()
    {
        var behaviour = new ChargeBehaviour();
        var failing = new FirstHandlingCommitFails();
        var (requests, captures, database) = await Infrastructure();
        await using var service = await Start(requests, captures, database, behaviour, failing);

        await ProduceRequests(service, Messages);

        await AssertEachTookEffectOnce(captures, database, Messages);
        failing.FailedMembers.Should().BeGreaterThan(0);
        behaviour.Attempts.Should()
            .Be(Messages + failing.FailedMembers, "each message of the failed commit ran once more, the others once");
    }

    private static async Task<(string Requests, string Captures, string Database)> Infrastructure() =>
        (await InfrastructureFixture.CreateTopic("payments.payment.charge"),
            await InfrastructureFixture.CreateTopic("payments.payment.captured"), await TestDatabase.CreateAsync());

    private static Task<RiderHost> Start(string requests, string captures, string database, ChargeBehaviour behaviour,
        IInterceptor interceptor) =>
        RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<ChargeConsumer>();
                rider.AddProducer<ChargeRequested>(requests, m => m.OrderId.ToString());
                rider.AddProducer<PaymentCaptured>(captures, m => m.OrderId.ToString());
            },
            (context, k) => k.TopicEndpoint<ChargeRequested>(requests, "payments." + requests, e =>
            {
                e.UseMessageRetry(r => r.Immediate(3));
                e.UseEntityFrameworkOutbox<TestDbContext>(context);
                e.ConfigureConsumer<ChargeConsumer>(context);
            }),
            services =>
            {
                services.AddSingleton(behaviour);
                TestDatabase.AddTo(services, database, null, interceptor);
            });

    private static Task ProduceRequests(RiderHost service, int count)
    {
        var producer = service.Producer<ChargeRequested>();
        return Task.WhenAll(
            Enumerable.Range(0, count).Select(i => producer.Produce(new ChargeRequested(Guid.NewGuid(), i))));
    }

    private static async Task AssertEachTookEffectOnce(string captures, string database, int count)
    {
        var produced = await TopicReader.ReadAsync(captures, count, TimeSpan.FromSeconds(60));
        produced.Should().HaveCount(count);
        // Anything produced twice would arrive now, after the expected records.
        (await TopicReader.ReadAsync(captures, count + 1, TimeSpan.FromSeconds(3)))
            .Should().HaveCount(count, "no capture was produced twice");
        await using var db = TestDatabase.Open(database);
        (await db.Charges.CountAsync()).Should().Be(count, "one charge per message");
        (await db.Charges.Select(c => c.OrderId).Distinct().CountAsync()).Should().Be(count);
        (await db.Set<InboxState>().CountAsync()).Should().Be(count);
    }

    /// <summary>
    /// Makes the first commit of a transaction that handled messages fail, and counts the messages in it.
    /// </summary>
    private sealed class FirstHandlingCommitFails : DbCommandInterceptor, IDbTransactionInterceptor
    {
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbTransaction, StrongBox> _inboxRows =
            new();
        private int _failed;

        public int FailedMembers { get; private set; }

        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            if (result.Transaction is { } transaction
                && result.CommandText.Contains("\"InboxState\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _inboxRows.GetOrCreateValue(transaction).Count);
            }

            return result;
        }

        public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction,
            TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            // The first shared transaction with several messages fails; a batch of one would not show sharing.
            if (_inboxRows.TryGetValue(transaction, out var rows) && rows.Count > 1
                && Interlocked.CompareExchange(ref _failed, 1, 0) == 0)
            {
                FailedMembers = rows.Count;
                throw new InvalidOperationException("Injected commit failure");
            }

            return ValueTask.FromResult(result);
        }

        private sealed class StrongBox
        {
            public int Count;
        }
    }
}
