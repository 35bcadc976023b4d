using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

/// <summary>Lets a test make the charge consumer fail or wait at chosen moments.</summary>
public sealed class ChargeBehaviour
{
    private int _attempts;

    public int Attempts => _attempts;

    /// <summary>Fails this many attempts (after producing), then succeeds.</summary>
    public int FailFirstAttempts { get; set; }

    /// <summary>Awaited after producing and before returning, to hold a transaction open.</summary>
    public Task Gate { get; set; } = Task.CompletedTask;

    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task AfterProduce()
    {
        if (Interlocked.Increment(ref _attempts) <= FailFirstAttempts)
        {
            throw new InvalidOperationException("Injected failure after producing");
        }

        Waiting.TrySetResult();
        await Gate;
    }
}

/// <summary>
/// A payment service's consumer: records a charge and announces it, both through the outbox transaction.
/// </summary>
public sealed class ChargeConsumer(TestDbContext db, ITopicProducer<PaymentCaptured> producer,
    ChargeBehaviour behaviour) : IConsumer<ChargeRequested>
{
    public async Task Consume(ConsumeContext<ChargeRequested> context)
    {
        db.Charges.Add(
            new Charge { Id = Guid.NewGuid(), OrderId = context.Message.OrderId, Amount = context.Message.Amount });
        await producer.Produce(new PaymentCaptured(context.Message.OrderId, context.Message.Amount),
            context.CancellationToken);
        await behaviour.AfterProduce();
    }
}

/// <summary>A downstream service's consumer, with its own database and inbox.</summary>
public sealed class CaptureConsumer(TestDbContext db) : IConsumer<PaymentCaptured>
{
    public Task Consume(ConsumeContext<PaymentCaptured> context)
    {
        db.Charges.Add(
            new Charge { Id = Guid.NewGuid(), OrderId = context.Message.OrderId, Amount = context.Message.Amount });
        return Task.CompletedTask;
    }
}

/// <summary>Lets a test race the reserve consumer's first attempt against another writer of the same key.</summary>
public sealed class RaceBehaviour
{
    private int _attempts;

    public int Attempts => _attempts;

    /// <summary>
    /// Runs in the first attempt between the existence check and the save: the racing writer's moment.
    /// </summary>
    public Func<Task> Race { get; set; } = () => Task.CompletedTask;

    public int NextAttempt() => Interlocked.Increment(ref _attempts);
}

/// <summary>
/// Records a charge under an id the domain fixes (the order id), unless one already exists, in which case it records
/// the other outcome (a marker row with its own id) and announces nothing: what a reserve-vs-release race looks like.
/// </summary>
public sealed class RaceConsumer(TestDbContext db, ITopicProducer<PaymentCaptured> producer, RaceBehaviour behaviour)
    : IConsumer<ChargeRequested>
{
    public static Guid MarkerId(Guid orderId) => new(orderId.ToByteArray().Reverse().ToArray());

    public async Task Consume(ConsumeContext<ChargeRequested> context)
    {
        var order = context.Message.OrderId;
        var attempt = behaviour.NextAttempt();
        if (await db.Charges.AnyAsync(c => c.Id == order, context.CancellationToken))
        {
            db.Charges.Add(new Charge { Id = MarkerId(order), OrderId = order, Amount = 0m });
            return;
        }

        if (attempt == 1)
        {
            await behaviour.Race();
        }

        db.Charges.Add(new Charge { Id = order, OrderId = order, Amount = context.Message.Amount });
        await producer.Produce(new PaymentCaptured(order, context.Message.Amount), context.CancellationToken);
    }
}

public sealed class CheckStateMachine : MassTransitStateMachine<CheckState>
{
    public CheckStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Stock, e => e.CorrelateById(m => m.Message.OrderId));
        Event(() => Address, e => e.CorrelateById(m => m.Message.OrderId));

        Initially(
            When(Stock).Then(c => c.Saga.StockChecked = true).TransitionTo(Checking),
            When(Address).Then(c => c.Saga.AddressChecked = true).TransitionTo(Checking));
        During(Checking,
            When(Stock).Then(c => c.Saga.StockChecked = true),
            When(Address).Then(c => c.Saga.AddressChecked = true));
    }

    public State Checking { get; private set; } = null!;

    public Event<StockChecked> Stock { get; private set; } = null!;

    public Event<AddressChecked> Address { get; private set; } = null!;
}

internal static class TestDatabase
{
    public static async Task<string> CreateAsync()
    {
        var connectionString =
            await InfrastructureFixture.Postgres.CreateDatabaseAsync("t" + Guid.NewGuid().ToString("N"));
        await using var db = Open(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    public static TestDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(connectionString).Options);

    public static void AddTo(IServiceCollection services, string connectionString,
        Action<EntityFrameworkOutboxOptions>? outbox = null, params IInterceptor[] interceptors)
    {
        // Pooled, as the services register theirs: a context must come back from a shared transaction reusable.
        services.AddDbContextPool<TestDbContext>(o => o.UseNpgsql(connectionString).AddInterceptors(interceptors));
        services.AddEntityFrameworkOutbox<TestDbContext>(o =>
        {
            o.QueryDelay = TimeSpan.FromMilliseconds(200);
            outbox?.Invoke(o);
        });
    }
}

internal static class PaymentService
{
    /// <summary>A group per test: members of one group rebalance together whatever topics they read.</summary>
    public static string PaymentsGroup(string requests) => "payments." + requests;

    /// <summary>Starts a payment service: ChargeRequested in, PaymentCaptured out, through the EF outbox.</summary>
    public static Task<RiderHost> Start(string requests, string captures, string database, ChargeBehaviour behaviour,
        Action<EntityFrameworkOutboxOptions>? outbox = null, int retries = 0, bool useOutbox = true,
        Action<EntityFrameworkInboxOptions>? inbox = null) =>
        RiderHost.Start(
            rider =>
            {
                rider.AddConsumer<ChargeConsumer>();
                rider.AddProducer<ChargeRequested>(requests, m => m.OrderId.ToString());
                rider.AddProducer<PaymentCaptured>(captures, m => m.OrderId.ToString());
            },
            (context, k) => k.TopicEndpoint<ChargeRequested>(requests, PaymentsGroup(requests), e =>
            {
                if (retries > 0)
                {
                    e.UseMessageRetry(r => r.Immediate(retries));
                }

                if (useOutbox)
                {
                    e.UseEntityFrameworkOutbox<TestDbContext>(context, inbox);
                }

                e.ConfigureConsumer<ChargeConsumer>(context);
            }),
            services =>
            {
                services.AddSingleton(behaviour);
                TestDatabase.AddTo(services, database, outbox);
            });

    /// <summary>
    /// Starts a downstream service that records each PaymentCaptured once, deduplicated by its inbox.
    /// </summary>
    public static Task<RiderHost> StartDownstream(string captures, string database) =>
        RiderHost.Start(
            rider => rider.AddConsumer<CaptureConsumer>(),
            (context, k) => k.TopicEndpoint<PaymentCaptured>(captures, "ledger." + captures, e =>
            {
                e.UseEntityFrameworkOutbox<TestDbContext>(context);
                e.ConfigureConsumer<CaptureConsumer>(context);
            }),
            services => TestDatabase.AddTo(services, database));
}
