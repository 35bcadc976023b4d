using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Payments.Ledger;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.Payments;

/// <summary>The payment service's own database: one payment row per order, inbox and outbox.</summary>
public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    public DbSet<Payment> Payments => Set<Payment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Payment>(e =>
        {
            // Keyed by order: the primary key is what makes "charged at most once" hold under concurrent deliveries.
            e.ToTable("payments");
            e.HasKey(p => p.OrderId);
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(p => p.Reason).HasMaxLength(200);
            e.Property(p => p.GatewayReference).HasMaxLength(64);
        });
        modelBuilder.AddInboxStateEntity();
        modelBuilder.AddOutboxMessageEntity();
    }
}
