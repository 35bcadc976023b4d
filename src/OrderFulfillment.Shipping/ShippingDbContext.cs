using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;
using OrderFulfillment.Shipping.Shipments;

namespace OrderFulfillment.Shipping;

/// <summary>
/// The shipping service's own database: one shipment (or cancellation tombstone) per order, inbox and outbox.
/// </summary>
public sealed class ShippingDbContext(DbContextOptions<ShippingDbContext> options) : DbContext(options)
{
    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Shipment>(e =>
        {
            // Keyed by order, so two deliveries of the same command cannot create two shipments.
            e.ToTable("shipments");
            e.HasKey(s => s.OrderId);
            e.Property(s => s.TrackingNumber).HasMaxLength(32);
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            // Tracking numbers are random; the index turns the unlikely collision into a retried transaction.
            e.HasIndex(s => s.TrackingNumber).IsUnique();
        });
        modelBuilder.AddInboxStateEntity();
        modelBuilder.AddOutboxMessageEntity();
    }
}
