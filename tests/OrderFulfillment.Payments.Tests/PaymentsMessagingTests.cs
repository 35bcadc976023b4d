using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Payments.Gateway;
using OrderFulfillment.Payments.Ledger;

namespace OrderFulfillment.Payments.Tests;

/// <summary>
/// The payment service's endpoints with the real rider on the embedded Kafka and real PostgreSQL: validation before
/// effects, a permanent failure that ends on the dead-letter topic, and retries that never charge twice.
/// </summary>
public sealed class PaymentsMessagingTests
{
    private const string InboxRows = """SELECT count(*)::int AS "Value" FROM "InboxState" """;
    private const string PaymentRows = """SELECT count(*)::int AS "Value" FROM payments""";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Test]
    [CancelAfter(240_000)]
    public async Task A_charge_without_customer_id_is_dead_lettered_once_untried_and_the_next_record_is_handled()
    {
        await using var service = await PaymentsService.Start();
        var gateway = service.Services.GetRequiredService<PaymentGateway>();
        var order = Guid.NewGuid();
        var producer = service.Commands.Producer<ChargePayment>();

        await producer.Produce(new ChargePayment(Guid.NewGuid(), DateTimeOffset.UtcNow, order, "acme", " ", 40m));
        await producer.Produce(new ChargePayment(Guid.NewGuid(), DateTimeOffset.UtcNow, order, "acme", "alice", 40m));

        await Eventually.True(() => service.Count(PaymentRows) == 1, Deadline,
            "the valid charge behind the invalid one is handled");
        var deadLetters = await ServiceOnKafka.DeadLetters(Topics.ChargePayment, order, TimeSpan.FromSeconds(5));
        var deadLetter = deadLetters.Should().ContainSingle("the invalid record is dead-lettered once").Subject;
        ServiceOnKafka.Header(deadLetter, KafkaHeaders.DeadLetter.ExceptionType)
            .Should().Be(typeof(InvalidMessageException).FullName);
        ServiceOnKafka.Header(deadLetter, KafkaHeaders.DeadLetter.ExceptionMessage).Should().Contain("customerId");
        service.Count(InboxRows).Should().Be(1, "the invalid record left no inbox row");
        (gateway.Requests, gateway.Authorisations)
            .Should().Be((1, 1), "only the valid charge reached the gateway, once: the invalid one was not retried");
        await using var db = service.Open();
        (await db.Payments.SingleAsync()).CustomerId.Should().Be("alice");
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task A_charge_resent_under_a_new_message_id_is_answered_with_the_recorded_outcome_and_charges_once()
    {
        // What an operator's retry of InventoryReserved sends: the same command, a new message id (the inbox would drop
        // the old one).
        await using var service = await PaymentsService.Start();
        var gateway = service.Services.GetRequiredService<PaymentGateway>();
        var order = Guid.NewGuid();
        var charge = new ChargePayment(Guid.NewGuid(), DateTimeOffset.UtcNow, order, "acme", "alice", 30m);
        await service.Commands.Producer<ChargePayment>().Produce(charge);
        await Eventually.True(() => service.Count(InboxRows) == 1, Deadline, "the charge is handled");

        await service.Commands.Producer<ChargePayment>()
            .Produce(charge with { EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow });

        await Eventually.True(() => service.Count(InboxRows) == 2, Deadline,
            "the charge sent again is handled as a message of its own");
        (await TopicReader.ReadAsync(Topics.PaymentCharged.Name, 3, TimeSpan.FromSeconds(10)))
            .Should().HaveCount(2, "each is answered");
        (await TopicReader.ReadAsync(Topics.PaymentCharging.Name, 2, TimeSpan.FromSeconds(3)))
            .Should().ContainSingle("only a new charge is acknowledged");
        gateway.Authorisations.Should().Be(1, "the order was charged once");
        service.Count(PaymentRows).Should().Be(1);
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task A_charge_whose_commit_fails_for_a_transient_reason_is_retried_and_charged_once()
    {
        var failures = new FailingSaves(times: 3, () => new DbUpdateException("injected",
            new PostgresException("could not serialize access", "ERROR", "ERROR", "40001")));
        await using var service =
            await PaymentsService.Start(s => s.ConfigureDbContext<PaymentsDbContext>(o => o.AddInterceptors(failures)));
        var gateway = service.Services.GetRequiredService<PaymentGateway>();
        var order = Guid.NewGuid();

        await service.Commands.Producer<ChargePayment>()
            .Produce(new ChargePayment(Guid.NewGuid(), DateTimeOffset.UtcNow, order, "acme", "alice", 25m));

        await Eventually.True(() => service.Count(PaymentRows) == 1, Deadline,
            "the charge commits once the failures stop");
        failures.Failed.Should().Be(3);
        (gateway.Requests, gateway.Authorisations)
            .Should().Be((4, 1), "every attempt asked the gateway with the order's key, and only the first charged");
        (await ServiceOnKafka.DeadLetters(Topics.ChargePayment, order, TimeSpan.FromSeconds(3)))
            .Should().BeEmpty("a transient failure is never dead-lettered");
        await using var db = service.Open();
        (await db.Payments.SingleAsync()).Status.Should().Be(PaymentStatus.Charged);
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task A_charge_failing_on_a_not_null_violation_gets_three_tries_then_the_dead_letter_topic()
    {
        // What the issue saw: 23502 retried forever, the gateway asked on every attempt. Only this customer's saves
        // fail.
        var failures = new FailingSaves(times: int.MaxValue,
            () => new DbUpdateException("injected",
                new PostgresException("null value in column", "ERROR", "ERROR", "23502")),
            payment => payment.CustomerId == "mallory");
        await using var service =
            await PaymentsService.Start(s => s.ConfigureDbContext<PaymentsDbContext>(o => o.AddInterceptors(failures)));
        var gateway = service.Services.GetRequiredService<PaymentGateway>();
        var order = Guid.NewGuid();
        var producer = service.Commands.Producer<ChargePayment>();

        await producer.Produce(new ChargePayment(Guid.NewGuid(), DateTimeOffset.UtcNow, order, "acme", "mallory", 30m));
        await producer.Produce(new ChargePayment(Guid.NewGuid(), DateTimeOffset.UtcNow, order, "acme", "alice", 30m));

        await Eventually.True(() => service.Count(PaymentRows) == 1, Deadline,
            "the record behind the failing one is handled");
        failures.Failed.Should().Be(3, "a permanent failure gets three tries in all");
        var deadLetter = (await ServiceOnKafka.DeadLetters(Topics.ChargePayment, order, TimeSpan.FromSeconds(5)))
            .Should().ContainSingle().Subject;
        ServiceOnKafka.Header(deadLetter, KafkaHeaders.DeadLetter.ExceptionMessage).Should().Contain("injected");
        (gateway.Requests, gateway.Authorisations).Should()
            .Be((4, 1), "three failed tries and the next charge of the order share its key: one authorisation");
        service.Count(InboxRows).Should().Be(1, "the failed tries rolled their inbox rows back");
    }

    /// <summary>
    /// Fails saves that hold a payment (matching <paramref name="which"/>) the first <paramref name="times"/> times.
    /// </summary>
    private sealed class FailingSaves(int times, Func<Exception> failure, Func<Payment, bool>? which = null)
        : SaveChangesInterceptor
    {
        private readonly Lock _lock = new();
        private int _failed;

        public int Failed
        {
            get
            {
                lock (_lock)
                {
                    return _failed;
                }
            }
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var payments =
                eventData.Context!.ChangeTracker.Entries<Payment>().Select(e => e.Entity).Where(which ?? (_ => true));
            if (payments.Any())
            {
                lock (_lock)
                {
                    if (_failed < times)
                    {
                        _failed++;
                        throw failure();
                    }
                }
            }

            return ValueTask.FromResult(result);
        }
    }
}
