using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Tests;

public sealed record ChargeRequested(Guid OrderId, decimal Amount);

public sealed record PaymentCaptured(Guid OrderId, decimal Amount);

public sealed record StockChecked(Guid OrderId);

public sealed record AddressChecked(Guid OrderId);

/// <summary>The consumer's effect: one row per charge, as a payment service would keep.</summary>
public sealed class Charge
{
    public Guid Id { get; set; }

    public Guid OrderId { get; set; }

    public decimal Amount { get; set; }
}

public sealed class CheckState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public bool StockChecked { get; set; }

    public bool AddressChecked { get; set; }
}

public sealed class CheckStateMap : SagaClassMap<CheckState>
{
    protected override void Configure(EntityTypeBuilder<CheckState> entity, ModelBuilder model) =>
        entity.Property(x => x.CurrentState).HasMaxLength(64);
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Charge> Charges => Set<Charge>();

    public DbSet<CheckState> Checks => Set<CheckState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Charge>().HasKey(c => c.Id);
        new CheckStateMap().Configure(modelBuilder);
        modelBuilder.AddInboxStateEntity();
        modelBuilder.AddOutboxMessageEntity();
    }
}
