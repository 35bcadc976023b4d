using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Orchestrator.Journal;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests.Operations;

/// <summary>PostgreSQL for the operations tests (statistics, consumers, reconciliation), and nothing else.</summary>
[SetUpFixture]
public sealed class OperationsInfrastructure : PostgresSetUp;

/// <summary>
/// A migrated orders database of a test's own, and orders written into it as the saga would have left them.
/// </summary>
internal sealed class OperationsDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private OperationsDatabase(ServiceProvider services) => _services = services;

    public static async Task<OperationsDatabase> Create()
    {
        var connectionString =
            await OperationsInfrastructure.Postgres.CreateDatabaseAsync("operations_" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection().AddDbContext<OrdersDbContext>(o => o.UseNpgsql(connectionString))
            .BuildServiceProvider();
        var database = new OperationsDatabase(services);
        await using var db = database.Open();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>A context on the database; the caller disposes it.</summary>
    public OrdersDbContext Open() => _services.CreateScope().ServiceProvider.GetRequiredService<OrdersDbContext>();

    /// <summary>
    /// An order that went through <paramref name="states"/> (the first entered at <paramref name="start"/>), staying
    /// <paramref name="stays"/> in each but the last, where it is now.
    /// </summary>
    public async Task<Guid> Order(DateTimeOffset start, IReadOnlyList<string> states, IReadOnlyList<TimeSpan> stays)
    {
        var orderId = Guid.NewGuid();
        await using var db = Open();
        var (at, from) = (start, "Initial");
        for (var i = 0; i < states.Count; i++)
        {
            db.Journal.Add(new TransitionJournalEntry { OrderId = orderId, EventType = "E", FromState = from,
                ToState = states[i], Outcome = "transition", RecordedAt = at });
            from = states[i];
            at += i < stays.Count ? stays[i] : TimeSpan.Zero;
        }

        var final = states[^1] is "Completed" or "Cancelled";
        var entered = db.Journal.Local.Last().RecordedAt;
        db.Sagas.Add(new OrderState
        {
            CorrelationId = orderId, CurrentState = states[^1], TenantId = "t", CustomerId = "c",
                ShippingAddressId = "a",
            PlacedAt = start, UpdatedAt = entered, StateEnteredAt = entered,
            DeadlineAt = final ? null : entered.AddMinutes(5),
        });
        await db.SaveChangesAsync();
        return orderId;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
