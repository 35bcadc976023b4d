using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Inventory.Stock;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.Inventory;

/// <summary>The inventory's own database: stock, reservations, inbox and outbox.</summary>
public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : DbContext(options)
{
    public DbSet<StockItem> Stock => Set<StockItem>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StockItem>(e =>
        {
            e.ToTable("stock", t =>
            {
                // The last line of defence against overselling: the conditional updates should never get here.
                t.HasCheckConstraint("ck_stock_available", "\"Available\" >= 0");
                t.HasCheckConstraint("ck_stock_reserved", "\"Reserved\" >= 0");
            });
            e.HasKey(s => s.ProductId);
            e.Property(s => s.ProductId).HasMaxLength(StockItem.MaxProductIdLength);
        });
        modelBuilder.Entity<Reservation>(e =>
        {
            e.ToTable("reservations");
            e.HasKey(r => r.OrderId);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Reason).HasMaxLength(200);
            e.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.OrderId);
        });
        modelBuilder.Entity<ReservedLine>(e =>
        {
            e.ToTable("reservation_lines");
            e.HasKey(l => new { l.OrderId, l.ProductId });
            e.Property(l => l.ProductId).HasMaxLength(StockItem.MaxProductIdLength);
        });
        modelBuilder.AddInboxStateEntity();
        modelBuilder.AddOutboxMessageEntity();
    }
}
