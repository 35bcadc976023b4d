using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

/// <summary>Adds the inbox and outbox tables to a service's model; call both from <c>OnModelCreating</c>.</summary>
public static class OutboxModelBuilderExtensions
{
    /// <summary>Maps <see cref="InboxState"/> to <c>InboxState</c>, keyed by message and consumer.</summary>
    public static ModelBuilder AddInboxStateEntity(this ModelBuilder modelBuilder)
    {
        var inbox = modelBuilder.Entity<InboxState>();
        inbox.ToTable("InboxState");
        inbox.HasKey(x => new { x.MessageId, x.ConsumerId });
        // Cleanup deletes by age in small batches; without this index each batch would scan the table.
        inbox.HasIndex(x => x.Consumed);
        return modelBuilder;
    }

    /// <summary>
    /// Maps <see cref="OutboxMessage"/> to <c>OutboxMessage</c>, ordered by an identity sequence, and
    /// <see cref="OutboxDeadLetter"/> to <c>OutboxDeadLetter</c>, where rows Kafka refused for good are moved.
    /// </summary>
    public static ModelBuilder AddOutboxMessageEntity(this ModelBuilder modelBuilder)
    {
        var outbox = modelBuilder.Entity<OutboxMessage>();
        outbox.ToTable("OutboxMessage");
        outbox.HasKey(x => x.SequenceNumber);
        outbox.Property(x => x.SequenceNumber).UseIdentityAlwaysColumn();
        outbox.Property(x => x.Topic).HasMaxLength(249);
        outbox.Property(x => x.Headers).HasColumnType("jsonb");

        var dead = modelBuilder.Entity<OutboxDeadLetter>();
        dead.ToTable("OutboxDeadLetter");
        dead.HasKey(x => x.SequenceNumber);
        // The original row's number: moved once, never generated here.
        dead.Property(x => x.SequenceNumber).ValueGeneratedNever();
        dead.Property(x => x.Topic).HasMaxLength(249);
        dead.Property(x => x.Headers).HasColumnType("jsonb");
        return modelBuilder;
    }
}
