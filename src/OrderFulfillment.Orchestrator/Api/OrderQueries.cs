using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>Reads orders for the API, only ever those of the tenant asked for; never tracks, never writes.</summary>
public sealed class OrderQueries(OrdersDbContext db)
{
    public const string Submitted = "Submitted";

    /// <summary>The order, or null when it does not exist or belongs to another tenant.</summary>
    public async Task<OrderView?> Find(Guid orderId, string tenantId, CancellationToken cancellationToken)
    {
        var submission = await db.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.OrderId == orderId && s.TenantId == tenantId, cancellationToken);
        var saga = await db.Sagas.AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == orderId && s.TenantId == tenantId, cancellationToken);
        if (saga is null)
        {
            return submission is null
                ? null
                : new OrderView(orderId, submission.TenantId, null, Submitted, null, null, null, [], submission.SubmittedAt, null, null, null, []);
        }

        var history = await db.Journal.AsNoTracking()
            .Where(j => j.OrderId == orderId)
            .OrderBy(j => j.Id)
            .Select(j => new JournalView(j.EventType, j.MessageId, j.FromState, j.ToState, j.Outcome, j.Topic, j.Partition, j.Offset, j.Sent,
                j.TraceId, j.RecordedAt))
            .ToListAsync(cancellationToken);
        return new OrderView(orderId, saga.TenantId, saga.CustomerReference, saga.CurrentState, saga.CancellationReason, saga.TrackingNumber, saga.TotalUsd, saga.Lines,
            submission?.SubmittedAt, saga.PlacedAt, saga.UpdatedAt, saga.DeadlineAt, history);
    }

    /// <summary>The state an order shows right after submission or a repeated submission.</summary>
    public async Task<string> StateOf(Guid orderId, CancellationToken cancellationToken) =>
        await db.Sagas.AsNoTracking().Where(s => s.CorrelationId == orderId).Select(s => s.CurrentState).SingleOrDefaultAsync(cancellationToken)
            ?? Submitted;

    /// <summary>The tenant's most recently updated orders in <paramref name="state"/>.</summary>
    public Task<List<OrderSummary>> List(string tenantId, string state, int limit, CancellationToken cancellationToken) =>
        db.Sagas.AsNoTracking()
            .Where(s => s.TenantId == tenantId && s.CurrentState == state)
            .OrderByDescending(s => s.UpdatedAt)
            .Take(limit)
            .Select(s => new OrderSummary(s.CorrelationId, s.TenantId, s.CurrentState, s.CancellationReason, s.TotalUsd, s.UpdatedAt))
            .ToListAsync(cancellationToken);
}
