using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Inventory.Stock;

namespace OrderFulfillment.Inventory.Tests;

/// <summary>
/// The service as deployed least-privileged: migrated by the migrator role, running as the application role, which
/// does all of a reservation's work (inbox, stock rows and locks, outbox) and writes no password to the logs.
/// </summary>
public sealed class LeastPrivilegeTests
{
    [Test]
    [CancelAfter(240_000)]
    public async Task Migrates_as_the_migrator_serves_as_the_application_role_and_logs_no_password()
    {
        var logs = new CapturedLogs();
        await using var service = await InventoryService.Start(logs.AddTo);
        var application = new NpgsqlConnectionStringBuilder(service.Roles.ApplicationConnectionString);
        var migrator = new NpgsqlConnectionStringBuilder(service.Roles.MigrationsConnectionString);
        await using (var db = service.Open())
        {
            db.Stock.Add(new StockItem { ProductId = "apple", Available = 5, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var order = Guid.NewGuid();
        await service.Commands.Producer<ReserveInventory>().Produce(
            new ReserveInventory(Guid.NewGuid(), DateTimeOffset.UtcNow, order, "acme",
                [new OrderLine("apple", 2, 1m)]));

        await Eventually.True(() => Reserved(service, order), TimeSpan.FromSeconds(90),
            "the reservation is made by the application role");
        service.Count(
            """
            SELECT count(*)::int AS "Value" FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user
            """)
            .Should().BeGreaterThan(3, "the migrator created the tables, __EFMigrationsHistory among them");
        service.Count(
            """
            SELECT count(*)::int AS "Value" FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user
            """)
            .Should().Be(0);
        service.Count(
            $"""
            SELECT count(*)::int AS "Value" FROM pg_stat_activity
            WHERE datname = current_database() AND usename = '{application.Username}'
            """)
            .Should().BeGreaterThan(0, "the service's own sessions are the application role's");
        logs.Lines.Should().Contain(l => l.Contains($"as '{application.Username}'", StringComparison.Ordinal)
            && l.Contains($"migrations as '{migrator.Username}'", StringComparison.Ordinal));
        logs.Lines.Should().NotContain(l => l.Contains(application.Password!, StringComparison.Ordinal)
            || l.Contains(migrator.Password!, StringComparison.Ordinal));
    }

    private static bool Reserved(ServiceOnKafka<InventoryDbContext> service, Guid order)
    {
        using var db = service.Open();
        return db.Reservations.AsNoTracking().Any(r => r.OrderId == order && r.Status == ReservationStatus.Reserved);
    }
}
