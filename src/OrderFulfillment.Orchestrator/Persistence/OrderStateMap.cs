using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

namespace OrderFulfillment.Orchestrator.Persistence;

/// <summary>The saga table, indexed for the orders list and for the deadline sweep.</summary>
internal sealed class OrderStateMap : SagaClassMap<OrderState>
{
    protected override void Configure(EntityTypeBuilder<OrderState> entity, ModelBuilder model)
    {
        entity.ToTable("order_sagas");
        entity.Property(x => x.CurrentState).HasMaxLength(64);
        entity.Property(x => x.TenantId).HasMaxLength(100);
        entity.Property(x => x.CustomerId).HasMaxLength(100);
        entity.Property(x => x.ShippingAddressId).HasMaxLength(100);
        entity.Property(x => x.CancellationReason).HasMaxLength(64);
        entity.Property(x => x.TrackingNumber).HasMaxLength(64);
        entity.Property(x => x.CustomerReference).HasMaxLength(64);
        entity.Property(x => x.LastIgnoredEvent).HasMaxLength(100);
        entity.Property(x => x.Lines).HasJsonConversion();
        // GET /orders pages one tenant's orders newest placed first, by (PlacedAt, id), optionally in a state or of a
        // customer: each filter has an index ending in the sort key, so a page is an index range however many orders.
        entity.HasIndex(x => new { x.TenantId, x.PlacedAt, x.CorrelationId });
        entity.HasIndex(x => new { x.TenantId, x.CurrentState, x.PlacedAt, x.CorrelationId });
        entity.HasIndex(x => new { x.TenantId, x.CustomerId, x.PlacedAt, x.CorrelationId });
        // Only waiting sagas have a deadline: a partial index keeps the sweep's scan to them.
        entity.HasIndex(x => x.DeadlineAt).HasFilter("\"DeadlineAt\" IS NOT NULL");
        // The operations API lists waiting orders longest in their state first, per state (dwell-time limits).
        entity.HasIndex(x => new { x.CurrentState, x.StateEnteredAt, x.CorrelationId })
            .HasFilter("\"DeadlineAt\" IS NOT NULL");
    }
}
