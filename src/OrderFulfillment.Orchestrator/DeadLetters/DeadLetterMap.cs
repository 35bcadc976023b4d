using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Orchestrator.Persistence;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>The <c>dead_letters</c> table.</summary>
internal static class DeadLetterMap
{
    public static void Configure(ModelBuilder model) => model.Entity<DeadLetter>(e =>
    {
        e.ToTable("dead_letters");
        e.HasKey(d => d.Id);
        // Every text read from the record is unbounded: a foreign dead letter with a long header must not stop the
        // indexer.
        e.Property(d => d.Status).HasMaxLength(16);
        e.Property(d => d.ActedBy).HasMaxLength(200);
        e.Property(d => d.Note).HasMaxLength(2000);
        e.Property(d => d.Headers).HasJsonConversion();
        e.Property(d => d.Body).HasColumnType("jsonb");
        // Kafka delivers at least once (a restart, a rebalance): the record's place makes the second copy a no-op.
        e.HasIndex(d => new { d.Topic, d.Partition, d.Offset }).IsUnique();
        e.HasIndex(d => d.OrderId);
        e.HasIndex(d => new { d.Status, d.Id });
    });
}
