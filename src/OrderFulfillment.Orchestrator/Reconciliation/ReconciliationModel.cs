using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Orchestrator.Persistence;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Reconciliation;

/// <summary>
/// The reconciliation's tables in the orders database, and the index its scan of finished orders walks.
/// </summary>
internal static class ReconciliationModel
{
    /// <summary>
    /// The finished states, as the saga table stores them; the partial index and the scan use the same list.
    /// </summary>
    public static readonly string[] FinishedStates =
        [nameof(OrderStateMachine.Completed), nameof(OrderStateMachine.Cancelled)];

    public static void Configure(ModelBuilder model)
    {
        model.Entity<OrderState>().HasIndex(x => new { x.UpdatedAt, x.CorrelationId })
            .HasDatabaseName("IX_order_sagas_finished")
            .HasFilter("\"CurrentState\" IN ('Completed', 'Cancelled')");
        model.Entity<ReconciliationMismatch>(e =>
        {
            e.ToTable("reconciliation_mismatches");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).UseIdentityAlwaysColumn();
            e.Property(m => m.TenantId).HasMaxLength(100);
            e.Property(m => m.Rule).HasMaxLength(48);
            e.Property(m => m.Outcome).HasMaxLength(64);
            e.Property(m => m.CancellationReason).HasMaxLength(64);
            e.Property(m => m.Detail).HasMaxLength(1000);
            e.Property(m => m.Ledgers).HasJsonConversion();
            e.HasIndex(m => new { m.OrderId, m.Rule }).IsUnique();
            // The open ones are what the gauge counts and each run re-checks.
            e.HasIndex(m => new { m.Rule, m.Id }).HasFilter("\"ResolvedAt\" IS NULL");
        });
        model.Entity<ReconciliationProgress>(e =>
        {
            e.ToTable("reconciliation_progress");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
            e.Property(p => p.LastError).HasMaxLength(1000);
        });
    }
}
