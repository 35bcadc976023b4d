using MassTransit;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>What became of a cancellation request.</summary>
public enum CancellationOutcome
{
    /// <summary>The order was cancellable when read, and CancelOrder is committed for the saga.</summary>
    Requested,

    /// <summary>No such order for the tenant.</summary>
    NotFound,

    /// <summary>The order is in a state the saga no longer cancels from (completed, or already cancelled).</summary>
    TooLate,
}

/// <summary>
/// Asks the saga to cancel a customer's order. It never writes the saga row: it commits a CancelOrder to the outbox,
/// and the saga decides, ordered with the workers' replies by its row lock. So a reply that is already on its way
/// (the shipment created, say) can still win, and the saga then ignores the request.
/// </summary>
public sealed class OrderCancellations(OrdersDbContext db, ITopicProducer<CancelOrder> cancel,
    OrderStateMachine machine, TimeProvider time)
{
    /// <summary>Requests the cancellation; returns the order's state as read (null when not found).</summary>
    public async Task<(CancellationOutcome Outcome, string? State)> Request(Guid orderId, string tenantId,
        CancellationToken cancellationToken)
    {
        var state = await StateOf(orderId, tenantId, cancellationToken);
        if (state is null)
        {
            return (CancellationOutcome.NotFound, null);
        }

        if (!IsCancellable(machine, state))
        {
            return (CancellationOutcome.TooLate, state);
        }

        await cancel.Produce(new CancelOrder(NewId.NextGuid(), time.GetUtcNow(), orderId, tenantId,
            CancellationReasons.CustomerRequested), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (CancellationOutcome.Requested, state);
    }

    /// <summary>
    /// Whether the saga acts on CancelOrder in <paramref name="state"/>: asked of the state machine, not listed here.
    /// </summary>
    public static bool IsCancellable(OrderStateMachine machine, string state)
    {
        var sagaState = state == OrderQueries.Submitted ? machine.Initial : machine.GetState(state);
        return machine.NextEvents(sagaState).Contains(machine.CancellationRequested);
    }

    private async Task<string?> StateOf(Guid orderId, string tenantId, CancellationToken cancellationToken) =>
        await db.Sagas.AsNoTracking().Where(s => s.CorrelationId == orderId && s.TenantId == tenantId)
            .Select(s => s.CurrentState)
            .SingleOrDefaultAsync(cancellationToken)
        ?? (await db.Submissions.AsNoTracking()
            .AnyAsync(s => s.OrderId == orderId && s.TenantId == tenantId, cancellationToken)
            ? OrderQueries.Submitted
            : null);
}
