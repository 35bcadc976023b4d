using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Inventory.Stock;

namespace OrderFulfillment.Inventory.Tests;

/// <summary>A migrated inventory database of its own, and the ledger run the way the inbox filter runs it.</summary>
public sealed class InventoryDatabase
{
    private readonly string _connectionString;

    private InventoryDatabase(string connectionString) => _connectionString = connectionString;

    public static async Task<InventoryDatabase> CreateAsync()
    {
        var connectionString =
            await PostgresFixture.Postgres.CreateDatabaseAsync("inventory_" + Guid.NewGuid().ToString("N"));
        await using var db = Open(connectionString);
        await db.Database.MigrateAsync();
        return new InventoryDatabase(connectionString);
    }

    public InventoryDbContext Open() => Open(_connectionString);

    /// <summary>
    /// Runs <paramref name="work"/> as a consumer would: in a transaction, then SaveChanges and commit. With a
    /// <paramref name="startLine"/>, the work waits until every runner has its transaction.
    /// </summary>
    public async Task<T> InTransaction<T>(Func<StockLedger, Task<T>> work, StartLine? startLine = null)
    {
        await using var db = Open();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (startLine is not null)
        {
            await startLine.Arrive();
        }

        var result = await work(new StockLedger(db, TimeProvider.System));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return result;
    }

    /// <summary>
    /// Runs <paramref name="work"/> as the inventory API does: on a context of its own, no transaction. With a
    /// <paramref name="startLine"/>, the work waits until every runner has its connection open.
    /// </summary>
    public async Task OutsideTransaction(Func<StockLedger, Task> work, StartLine? startLine = null)
    {
        await using var db = Open();
        await db.Database.OpenConnectionAsync();
        if (startLine is not null)
        {
            await startLine.Arrive();
        }

        await work(new StockLedger(db, TimeProvider.System));
    }

    public async Task Stock(string productId, int available)
    {
        await using var db = Open();
        db.Stock.Add(new StockItem { ProductId = productId, Available = available, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    public async Task<StockItem> StockOf(string productId)
    {
        await using var db = Open();
        return await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == productId);
    }

    public async Task<Reservation?> ReservationOf(Guid orderId)
    {
        await using var db = Open();
        return await db.Reservations.AsNoTracking().Include(r => r.Lines)
            .SingleOrDefaultAsync(r => r.OrderId == orderId);
    }

    private static InventoryDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<InventoryDbContext>().UseNpgsql(connectionString).Options);
}
