using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Shipping.Shipments;

namespace OrderFulfillment.Shipping.Tests;

/// <summary>A migrated shipping database of its own, and the book run the way the inbox filter runs it.</summary>
public sealed class ShippingDatabase
{
    private readonly string _connectionString;

    private ShippingDatabase(string connectionString) => _connectionString = connectionString;

    public static async Task<ShippingDatabase> CreateAsync()
    {
        var connectionString =
            await PostgresFixture.Postgres.CreateDatabaseAsync("shipping_" + Guid.NewGuid().ToString("N"));
        await using var db = Open(connectionString);
        await db.Database.MigrateAsync();
        return new ShippingDatabase(connectionString);
    }

    public string ConnectionString => _connectionString;

    public ShippingDbContext Open() => Open(_connectionString);

    /// <summary>
    /// Runs <paramref name="work"/> as a consumer would: in a transaction, then SaveChanges and commit. With a
    /// <paramref name="startLine"/>, the work waits until every runner has its transaction.
    /// </summary>
    public async Task<T> InTransaction<T>(Func<ShipmentBook, Task<T>> work, StartLine? startLine = null)
    {
        await using var db = Open();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (startLine is not null)
        {
            await startLine.Arrive();
        }

        var result = await work(new ShipmentBook(db, TimeProvider.System));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return result;
    }

    public async Task<List<Shipment>> Shipments()
    {
        await using var db = Open();
        return await db.Shipments.AsNoTracking().ToListAsync();
    }

    private static ShippingDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<ShippingDbContext>().UseNpgsql(connectionString).Options);
}
