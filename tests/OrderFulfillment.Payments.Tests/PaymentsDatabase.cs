using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderFulfillment.Payments.Gateway;
using OrderFulfillment.Payments.Ledger;

namespace OrderFulfillment.Payments.Tests;

/// <summary>A migrated payments database of its own, and the ledger run the way the inbox filter runs it.</summary>
public sealed class PaymentsDatabase
{
    private readonly string _connectionString;

    private PaymentsDatabase(string connectionString, decimal declineAboveUsd)
    {
        _connectionString = connectionString;
        Gateway = new PaymentGateway(Options.Create(new PaymentGatewayOptions { DeclineAboveUsd = declineAboveUsd }),
            TimeProvider.System);
    }

    /// <summary>The simulated gateway every ledger of this database asks.</summary>
    public PaymentGateway Gateway { get; }

    public static async Task<PaymentsDatabase> CreateAsync(decimal declineAboveUsd = 5000m)
    {
        var connectionString =
            await PostgresFixture.Postgres.CreateDatabaseAsync("payments_" + Guid.NewGuid().ToString("N"));
        await using var db = Open(connectionString);
        await db.Database.MigrateAsync();
        return new PaymentsDatabase(connectionString, declineAboveUsd);
    }

    /// <summary>
    /// Runs <paramref name="work"/> as a consumer would: in a transaction, then SaveChanges and commit. With a
    /// <paramref name="startLine"/>, the work waits until every runner has its transaction.
    /// </summary>
    public async Task<T> InTransaction<T>(Func<PaymentLedger, Task<T>> work, StartLine? startLine = null)
    {
        await using var db = Open(_connectionString);
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (startLine is not null)
        {
            await startLine.Arrive();
        }

        var result = await work(new PaymentLedger(db, Gateway, TimeProvider.System));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return result;
    }

    public async Task<List<Payment>> Payments()
    {
        await using var db = Open(_connectionString);
        return await db.Payments.AsNoTracking().ToListAsync();
    }

    private static PaymentsDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<PaymentsDbContext>().UseNpgsql(connectionString).Options);
}
