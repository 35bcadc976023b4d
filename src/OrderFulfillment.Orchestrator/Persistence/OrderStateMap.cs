using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

namespace OrderFulfillment.Orchestrator.Persistence;

/// <summary>The saga table, indexed for the operators' list by state and for the deadline sweep.</summary>
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
        // GET /orders?state= lists one tenant's orders in a state, newest first.
        entity.HasIndex(x => new { x.TenantId, x.CurrentState, x.UpdatedAt });
        // Only waiting sagas have a deadline: a partial index keeps the sweep's scan to them.
        entity.HasIndex(x => x.DeadlineAt).HasFilter("\"DeadlineAt\" IS NOT NULL");
    }
}
