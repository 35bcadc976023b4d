using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrderFulfillment.Orchestrator.Journal;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests.Journal;

/// <summary>The journal keeps a finished order's entries for the retention, and a waiting order's for ever.</summary>
public sealed class JournalPrunerTests
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(365);

    [Test]
    public async Task Only_entries_past_the_retention_of_finished_orders_are_deleted_batch_after_batch()
    {
        await using var services = await Database();
        var finishedLongAgo = await Order(services, "Completed", deadline: false, entries: 7,
            recordedAt: Now - Retention - TimeSpan.FromDays(1));
        var cancelledLongAgo = await Order(services, "Cancelled", deadline: false, entries: 2,
            recordedAt: Now - Retention - TimeSpan.FromDays(30));
        var finishedRecently = await Order(services, "Completed", deadline: false, entries: 3,
            recordedAt: Now - Retention + TimeSpan.FromDays(1));
        var waitingLongAgo = await Order(services, "Placed", deadline: true, entries: 4,
            recordedAt: Now - Retention - TimeSpan.FromDays(100));
        var pruner = Pruner(services, batchSize: 3);

        var deleted = await pruner.PruneAsync(Now, CancellationToken.None);

        deleted.Should().Be(9);
        (await Entries(services, finishedLongAgo)).Should().Be(0);
        (await Entries(services, cancelledLongAgo)).Should().Be(0);
        (await Entries(services, finishedRecently)).Should().Be(3, "within the retention");
        (await Entries(services, waitingLongAgo)).Should().Be(4, "a waiting order's journal explains why it waits");
        (await pruner.PruneAsync(Now, CancellationToken.None)).Should().Be(0);
    }

    private static JournalPruner Pruner(ServiceProvider services, int batchSize) =>
        new(services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new JournalRetentionOptions { Retention = Retention, BatchSize = batchSize }),
            TimeProvider.System, NullLogger<JournalPruner>.Instance);

    private static async Task<ServiceProvider> Database()
    {
        var connectionString =
            await JournalInfrastructure.Postgres.CreateDatabaseAsync("journal_" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection().AddDbContext<OrdersDbContext>(o => o.UseNpgsql(connectionString))
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrdersDbContext>().Database.MigrateAsync();
        return services;
    }

    private static async Task<Guid> Order(ServiceProvider services, string state, bool deadline, int entries,
        DateTimeOffset recordedAt)
    {
        var orderId = Guid.NewGuid();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        db.Sagas.Add(new OrderState
        {
            CorrelationId = orderId, CurrentState = state, TenantId = "t", CustomerId = "c", ShippingAddressId = "a",
            PlacedAt = recordedAt, UpdatedAt = recordedAt, DeadlineAt = deadline ? recordedAt.AddMinutes(5) : null,
        });
        for (var i = 0; i < entries; i++)
        {
            db.Journal.Add(new TransitionJournalEntry
            {
                OrderId = orderId, EventType = "E" + i, FromState = "A", ToState = "B", Outcome = "transition",
                    RecordedAt = recordedAt.AddSeconds(i),
            });
        }

        await db.SaveChangesAsync();
        return orderId;
    }

    private static async Task<int> Entries(ServiceProvider services, Guid orderId)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrdersDbContext>()
            .Journal.CountAsync(j => j.OrderId == orderId);
    }
}
