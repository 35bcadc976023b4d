using FluentAssertions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

public sealed class InboxOutboxTests
{
    [TestCase(2, false,
        TestName = "The same message delivered twice changes state once, produces once and is no dead letter")]
    [TestCase(10, true,
        TestName =
            "The same message delivered ten times concurrently changes state once, produces once and is no dead " +
            "letter")]
    [CancelAfter(120_000)]
    public async Task Duplicates_take_effect_once_and_are_acknowledged_as_consumed(int copies, bool concurrently)
    {
        var requests = await InfrastructureFixture.CreateTopic("payments.payment.charge");
        var captures = await InfrastructureFixture.CreateTopic("payments.payment.captured");
        var database = await TestDatabase.CreateAsync();
        var order = Guid.NewGuid();
        var consumerId = PaymentService.PaymentsGroup(requests);
        using var duplicates = new MetricProbe(PersistenceTelemetry.Name, "inbox.duplicates", "consumer");
        await using var service = await PaymentService.Start(requests, captures, database, new ChargeBehaviour(),
            inbox: i => i.ConsumerId = consumerId);

        await service.Producer<ChargeRequested>().Produce(new ChargeRequested(order, 42m));
        var original = (await TopicReader.ReadAsync(requests, 1, TimeSpan.FromSeconds(30))).Single();
        // Different keys put the copies on different partitions and keys, so the endpoint handles them at the same
        // time.
        var keys = Enumerable.Range(1, copies - 1).Select(i => concurrently ? $"copy-{i}" : order.ToString());
        await Records.Duplicate(original, requests, keys);

        await Eventually.True(() => duplicates.Sum(consumerId) == copies - 1, TimeSpan.FromSeconds(30),
            "every copy is counted as a duplicate of its consumer");
        await Eventually.True(() => TopicReader.Committed(requests, consumerId, 6) == copies, TimeSpan.FromSeconds(30),
            "every copy was acknowledged");
        await Eventually.True(() => CountInbox(database) == 1 && CountOutbox(database) == 0, TimeSpan.FromSeconds(30),
            "the message is consumed and its outbox drained");
        // A dead letter is produced before its offset is committed, so by now any would be on the topic.
        (await TopicReader.ReadAsync(requests + ".dlq", 1, TimeSpan.FromSeconds(3)))
            .Should().BeEmpty("a duplicate is consumed, not skipped");
        var produced = await TopicReader.ReadAsync(captures, copies, TimeSpan.FromSeconds(5));
        produced.Should().ContainSingle("the outbox produced once");
        await using var db = TestDatabase.Open(database);
        (await db.Charges.CountAsync()).Should().Be(1, "the charge was recorded once");
        (await db.Set<InboxState>().SingleAsync()).ConsumerId.Should()
            .Be(InboxConsumer.IdOf(consumerId), "the inbox row is keyed by the explicit consumer id");
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task A_consumer_given_an_explicit_id_still_recognises_what_it_consumed_under_its_derived_id()
    {
        var requests = await InfrastructureFixture.CreateTopic("payments.payment.charge");
        var captures = await InfrastructureFixture.CreateTopic("payments.payment.captured");
        var database = await TestDatabase.CreateAsync();
        var order = Guid.NewGuid();
        var consumerId = PaymentService.PaymentsGroup(requests);

        // The version before explicit ids consumes the message under its derived id.
        await using (var before = await PaymentService.Start(requests, captures, database, new ChargeBehaviour()))
        {
            await before.Producer<ChargeRequested>().Produce(new ChargeRequested(order, 42m));
            await Eventually.True(() => CountInbox(database) == 1 && CountOutbox(database) == 0,
                TimeSpan.FromSeconds(30), "the message is consumed");
        }

        // After the upgrade, a redelivery of it arrives at the consumer that now has an explicit id.
        using var duplicates = new MetricProbe(PersistenceTelemetry.Name, "inbox.duplicates", "consumer");
        await using var after = await PaymentService.Start(requests, captures, database, new ChargeBehaviour(),
            inbox: i => i.ConsumerId = consumerId);
        var original = (await TopicReader.ReadAsync(requests, 1, TimeSpan.FromSeconds(30))).Single();
        await Records.Duplicate(original, requests, [order.ToString()]);

        await Eventually.True(() => duplicates.Sum(consumerId) == 1, TimeSpan.FromSeconds(30),
            "the redelivery is recognised as a duplicate");
        await using var db = TestDatabase.Open(database);
        (await db.Charges.CountAsync()).Should().Be(1, "the charge was not made again");
        (await db.Set<InboxState>().CountAsync()).Should().Be(1, "no second inbox row under the new id");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_retry_after_a_unique_violation_starts_from_a_clean_unit_of_work_and_commits_only_its_effects()
    {
        var requests = await InfrastructureFixture.CreateTopic("payments.payment.charge");
        var captures = await InfrastructureFixture.CreateTopic("payments.payment.captured");
        var database = await TestDatabase.CreateAsync();
        var order = Guid.NewGuid();
        // Another writer inserts the same key between the first attempt's check and its save: the save hits 23505.
        var behaviour = new RaceBehaviour
        {
            Race = async () =>
            {
                await using var racer = TestDatabase.Open(database);
                racer.Charges.Add(new Charge { Id = order, OrderId = order, Amount = 1m });
                await racer.SaveChangesAsync();
            },
        };
        await using var service = await RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<RaceConsumer>();
                rider.AddProducer<ChargeRequested>(requests, m => m.OrderId.ToString());
                rider.AddProducer<PaymentCaptured>(captures, m => m.OrderId.ToString());
            },
            (context, k) => k.TopicEndpoint<ChargeRequested>(requests, "payments." + requests, e =>
            {
                // One scope (and DbContext) for all attempts of a message, as a message scope or an outer filter gives.
                e.UseMessageScope(context);
                e.UseMessageRetry(r => r.Immediate(5));
                e.UseEntityFrameworkOutbox<TestDbContext>(context);
                e.ConfigureConsumer<RaceConsumer>(context);
            }),
            services =>
            {
                services.AddSingleton(behaviour);
                TestDatabase.AddTo(services, database);
            });

        await service.Producer<ChargeRequested>().Produce(new ChargeRequested(order, 10m));

        await Eventually.True(() => CountInbox(database) == 1, TimeSpan.FromSeconds(30), "the retry commits");
        behaviour.Attempts.Should()
            .Be(2, "the first attempt failed on the unique key and the second took the other path");
        await using var db = TestDatabase.Open(database);
        (await db.Charges.OrderBy(c => c.Amount).Select(c => c.Id).ToListAsync())
            .Should().Equal([RaceConsumer.MarkerId(order), order],
                "the racer's row and the retry's marker, nothing of the failed attempt");
        (await db.Charges.SingleAsync(c => c.Id == order)).Amount.Should().Be(1m, "the racer's row is untouched");
        (await TopicReader.ReadAsync(captures, 1, TimeSpan.FromSeconds(3)))
            .Should().BeEmpty("the failed attempt's produce was rolled back");
        (await TopicReader.ReadAsync(requests + ".dlq", 1, TimeSpan.FromSeconds(1))).Should().BeEmpty();
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_retried_attempt_leaves_only_the_messages_of_the_attempt_that_committed()
    {
        var requests = await InfrastructureFixture.CreateTopic("payments.payment.charge");
        var captures = await InfrastructureFixture.CreateTopic("payments.payment.captured");
        var database = await TestDatabase.CreateAsync();
        var behaviour = new ChargeBehaviour { FailFirstAttempts = 2 };
        await using var service = await PaymentService.Start(requests, captures, database, behaviour, retries: 3);

        await service.Producer<ChargeRequested>().Produce(new ChargeRequested(Guid.NewGuid(), 10m));

        await Eventually.True(() => behaviour.Attempts == 3 && CountInbox(database) == 1 && CountOutbox(database) == 0,
            TimeSpan.FromSeconds(30), "the third attempt commits and is delivered");
        (await TopicReader.ReadAsync(captures, 3, TimeSpan.FromSeconds(5)))
            .Should().ContainSingle("failed attempts rolled their produces back");
        await using var db = TestDatabase.Open(database);
        (await db.Charges.CountAsync()).Should().Be(1);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_crash_between_commit_and_delivery_still_delivers_exactly_one_effect_downstream()
    {
        var requests = await InfrastructureFixture.CreateTopic("payments.payment.charge");
        var captures = await InfrastructureFixture.CreateTopic("payments.payment.captured");
        var payments = await TestDatabase.CreateAsync();
        var ledger = await TestDatabase.CreateAsync();
        var order = Guid.NewGuid();

        // The first process commits but dies before delivering: its delivery service never runs.
        var crashed = await PaymentService.Start(requests, captures, payments, new ChargeBehaviour(),
            o => o.DisableDeliveryService());
        await crashed.Producer<ChargeRequested>().Produce(new ChargeRequested(order, 99m));
        await Eventually.True(() => CountOutbox(payments) == 1, TimeSpan.FromSeconds(30),
            "the step committed with its outbox row");
        await crashed.Crash();
        await crashed.DisposeAsync();

        // As if it had produced the record and died before deleting the row: downstream will see it twice.
        await using (var db = TestDatabase.Open(payments))
        {
            var row = await db.Set<OutboxMessage>().SingleAsync();
            using var producer = new Confluent.Kafka.ProducerBuilder<byte[], byte[]>(
                new Confluent.Kafka.ProducerConfig { BootstrapServers = RiderHost.BootstrapServers }).Build();
            await producer.ProduceAsync(row.Topic, OutboxRecords.ToRecord(row));
        }

        await using var restarted = await PaymentService.Start(requests, captures, payments, new ChargeBehaviour());
        await using var downstream = await PaymentService.StartDownstream(captures, ledger);

        await Eventually.True(() => CountOutbox(payments) == 0, TimeSpan.FromSeconds(30),
            "the restarted process delivers what was committed");
        (await TopicReader.ReadAsync(captures, 3, TimeSpan.FromSeconds(5)))
            .Should().HaveCount(2, "the record was produced twice");
        await Eventually.True(() => CountInbox(ledger) == 1, TimeSpan.FromSeconds(30),
            "downstream consumed the message");
        await using var ledgerDb = TestDatabase.Open(ledger);
        (await ledgerDb.Charges.CountAsync()).Should().Be(1, "the downstream inbox recognised the second copy");
        await using var paymentsDb = TestDatabase.Open(payments);
        (await paymentsDb.Charges.CountAsync()).Should().Be(1, "the committed request was not handled again");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_crash_before_commit_leaks_nothing_and_the_message_is_handled_once_after_restart()
    {
        var requests = await InfrastructureFixture.CreateTopic("payments.payment.charge");
        var captures = await InfrastructureFixture.CreateTopic("payments.payment.captured");
        var database = await TestDatabase.CreateAsync();
        var held = new TaskCompletionSource();
        var first = new ChargeBehaviour { Gate = held.Task };

        var crashed = await PaymentService.Start(requests, captures, database, first);
        await crashed.Producer<ChargeRequested>().Produce(new ChargeRequested(Guid.NewGuid(), 5m));
        await first.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await crashed.Crash();
        (CountOutbox(database), CountInbox(database)).Should().Be((0, 0), "nothing of the open transaction is visible");
        held.SetException(new OperationCanceledException("The process died."));
        await crashed.DisposeAsync();

        await using var restarted = await PaymentService.Start(requests, captures, database, new ChargeBehaviour());
        await Eventually.True(() => CountInbox(database) == 1 && CountOutbox(database) == 0, TimeSpan.FromSeconds(60),
            "the redelivered message is handled");
        (await TopicReader.ReadAsync(captures, 2, TimeSpan.FromSeconds(5)))
            .Should().ContainSingle("only the committed attempt produced");
        await using var db = TestDatabase.Open(database);
        (await db.Charges.CountAsync()).Should().Be(1);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Outbox_delivery_keeps_each_orders_messages_in_order()
    {
        var requests = await InfrastructureFixture.CreateTopic("payments.payment.charge");
        var captures = await InfrastructureFixture.CreateTopic("payments.payment.captured");
        var database = await TestDatabase.CreateAsync();
        await using var service = await PaymentService.Start(requests, captures, database, new ChargeBehaviour());
        var orders = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var producer = service.Producer<ChargeRequested>();
        for (var amount = 1; amount <= 20; amount++)
        {
            await Task.WhenAll(orders.Select(o => producer.Produce(new ChargeRequested(o, amount))));
        }

        var produced = await TopicReader.ReadAsync(captures, 100, TimeSpan.FromSeconds(60));
        produced.Should().HaveCount(100);
        foreach (var order in produced.GroupBy(r => System.Text.Encoding.UTF8.GetString(r.Message.Key)))
        {
            order.Select(r =>
                System.Text.Json.JsonSerializer.Deserialize<PaymentCaptured>(r.Message.Value, JsonOptions)!.Amount)
                .Should().Equal(Enumerable.Range(1, 20).Select(i => (decimal)i));
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions =
        new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    private static int CountInbox(string database)
    {
        using var db = TestDatabase.Open(database);
        return db.Set<InboxState>().Count();
    }

    private static int CountOutbox(string database)
    {
        using var db = TestDatabase.Open(database);
        return db.Set<OutboxMessage>().Count();
    }
}
