using FluentAssertions;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

public sealed class SagaRepositoryTests
{
    private const int Orders = 30;

    [TestCase(SagaLockMode.Optimistic)]
    [TestCase(SagaLockMode.Pessimistic)]
    [CancelAfter(120_000)]
    public async Task Two_messages_for_one_saga_racing_on_two_endpoints_both_take_effect(SagaLockMode lockMode)
    {
        var stock = await InfrastructureFixture.CreateTopic("inventory.stock.checked");
        var address = await InfrastructureFixture.CreateTopic("shipping.address.checked");
        var database = await TestDatabase.CreateAsync();
        await using var host = await RiderHost.Start(
            rider =>
            {
                rider.AddSagaStateMachine<CheckStateMachine, CheckState>()
                    .EntityFrameworkRepository<CheckState, TestDbContext>(r => r.LockMode = lockMode);
                rider.AddProducer<StockChecked>(stock, m => m.OrderId.ToString());
                rider.AddProducer<AddressChecked>(address, m => m.OrderId.ToString());
            },
            (context, k) =>
            {
                foreach (var (topic, group) in new[] { (stock, "checks-stock." + stock),
                    (address, "checks-address." + address) })
                {
                    k.TopicEndpoint<StockChecked>(topic, group, e =>
                    {
                        // A lost race is a concurrency conflict (or a duplicate insert of a new saga): run the step
                        // again.
                        e.UseMessageRetry(r =>
                        {
                            r.Handle<DbUpdateException>();
                            r.Immediate(20);
                        });
                        e.UseEntityFrameworkOutbox<TestDbContext>(context);
                        e.ConfigureSaga<CheckState>(context);
                    });
                }
            },
            services => TestDatabase.AddTo(services, database));

        var orders = Enumerable.Range(0, Orders).Select(_ => Guid.NewGuid()).ToList();
        var stockProducer = host.Producer<StockChecked>();
        var addressProducer = host.Producer<AddressChecked>();
        await Task.WhenAll(orders.SelectMany(o => new[] { stockProducer.Produce(new StockChecked(o)),
            addressProducer.Produce(new AddressChecked(o)) }));

        await Eventually.True(() => CountComplete(database) == Orders, TimeSpan.FromSeconds(60),
            "every saga has both checks");
        await using var db = TestDatabase.Open(database);
        (await db.Checks.CountAsync()).Should().Be(Orders, "each order has exactly one saga");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_pessimistic_load_through_the_registered_repository_locks_the_row_until_its_transaction_ends()
    {
        var database = await TestDatabase.CreateAsync();
        await using var host = await RiderHost.Start(
            rider => rider.AddSagaStateMachine<CheckStateMachine, CheckState>()
                .EntityFrameworkRepository<CheckState, TestDbContext>(r => r.LockMode = SagaLockMode.Pessimistic),
            (_, _) => { },
            services => TestDatabase.AddTo(services, database));
        var id = Guid.NewGuid();
        await using (var seed = TestDatabase.Open(database))
        {
            seed.Checks.Add(new CheckState { CorrelationId = id, CurrentState = "Checking" });
            await seed.SaveChangesAsync();
        }

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            (await SagaRowLock.LoadAsync<CheckState>(db, id, CancellationToken.None))!.CurrentState.Should()
                .Be("Checking");
            (await TryLockElsewhere(database, id)).Should().BeFalse("the load holds the row's lock");
        }

        (await TryLockElsewhere(database, id)).Should().BeTrue("the lock ended with the transaction");
    }

    private static async Task<bool> TryLockElsewhere(string database, Guid id)
    {
        await using var other = TestDatabase.Open(database);
        await using var transaction = await other.Database.BeginTransactionAsync();
        try
        {
            await other.Database.ExecuteSqlRawAsync(
                "SELECT 1 FROM \"Checks\" WHERE \"CorrelationId\" = {0} FOR UPDATE NOWAIT", id);
            return true;
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Sagas_can_be_found_by_correlation_id_and_by_property()
    {
        var database = await TestDatabase.CreateAsync();
        var done = Guid.NewGuid();
        await using (var db = TestDatabase.Open(database))
        {
            db.Checks.AddRange(
                new CheckState { CorrelationId = done, CurrentState = "Checking", StockChecked = true,
                    AddressChecked = true },
                new CheckState { CorrelationId = Guid.NewGuid(), CurrentState = "Checking", StockChecked = true });
            await db.SaveChangesAsync();
        }

        var services = new ServiceCollection();
        TestDatabase.AddTo(services, database);
        services.AddMassTransit(x => x.AddSagaStateMachine<CheckStateMachine, CheckState>()
            .EntityFrameworkRepository<CheckState, TestDbContext>());
        await using var provider = services.BuildServiceProvider();

        var query = provider.GetRequiredService<IQuerySagaRepository<CheckState>>();
        var load = provider.GetRequiredService<ILoadSagaRepository<CheckState>>();
        (await query.Find(new SagaQuery<CheckState>(s => s.AddressChecked))).Should().Equal(done);
        (await load.Load(done))!.StockChecked.Should().BeTrue();
    }

    private static int CountComplete(string database)
    {
        using var db = TestDatabase.Open(database);
        return db.Checks.Count(c => c.StockChecked && c.AddressChecked);
    }
}
