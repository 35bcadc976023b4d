using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Orchestrator.DeadLetters;
using OrderFulfillment.Orchestrator.Journal;
using OrderFulfillment.Orchestrator.Persistence;
using OrderFulfillment.Orchestrator.Reconciliation;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.Orchestrator.Submissions;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.Orchestrator;

/// <summary>
/// The orchestrator's own database: submissions, sagas, their journal, the dead-letter index, inbox and outbox.
/// </summary>
public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    public DbSet<OrderSubmission> Submissions => Set<OrderSubmission>();

    public DbSet<OrderState> Sagas => Set<OrderState>();

    public DbSet<TransitionJournalEntry> Journal => Set<TransitionJournalEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrderSubmission>(e =>
        {
            e.ToTable("order_submissions");
            e.HasKey(s => s.OrderId);
            e.Property(s => s.TenantId).HasMaxLength(100);
            e.Property(s => s.IdempotencyKey).HasMaxLength(200);
            e.Property(s => s.RequestHash).HasMaxLength(64);
            e.HasIndex(s => new { s.TenantId, s.IdempotencyKey }).IsUnique()
                .HasFilter("\"IdempotencyKey\" IS NOT NULL");
        });
        new OrderStateMap().Configure(modelBuilder);
        modelBuilder.Entity<TransitionJournalEntry>(e =>
        {
            e.ToTable("order_journal");
            e.HasKey(j => j.Id);
            e.Property(j => j.EventType).HasMaxLength(100);
            e.Property(j => j.FromState).HasMaxLength(64);
            e.Property(j => j.ToState).HasMaxLength(64);
            e.Property(j => j.Outcome).HasMaxLength(16);
            e.Property(j => j.Topic).HasMaxLength(249);
            e.Property(j => j.TraceId).HasMaxLength(32);
            e.Property(j => j.Sent).HasJsonConversion();
            e.Property(j => j.Actor).HasMaxLength(200);
            e.Property(j => j.Note).HasMaxLength(1000);
            e.HasIndex(j => new { j.OrderId, j.Id });
            // The dwell-time percentiles read the transitions of a recent window: a range of this index.
            e.HasIndex(j => j.RecordedAt).HasFilter("\"Outcome\" = 'transition'");
        });
        DeadLetterMap.Configure(modelBuilder);
        ReconciliationModel.Configure(modelBuilder);
        modelBuilder.AddInboxStateEntity();
        modelBuilder.AddOutboxMessageEntity();
    }
}
