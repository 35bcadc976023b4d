using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>Reads orders for the API, only ever those of the tenant asked for; never tracks, never writes.</summary>
public sealed class OrderQueries(OrdersDbContext db)
{
    public const string Submitted = "Submitted";

    /// <summary>The order, or null when it does not exist or belongs to another tenant.</summary>
    public async Task<OrderView?> Find(Guid orderId, string tenantId, CancellationToken cancellationToken)
    {
        var submission = await db.Submissions.AsNoTracking()
            .SingleOrDefaultAsync(s => s.OrderId == orderId && s.TenantId == tenantId, cancellationToken);
        var saga = await db.Sagas.AsNoTracking()
            .SingleOrDefaultAsync(s => s.CorrelationId == orderId && s.TenantId == tenantId, cancellationToken);
        if (saga is null)
        {
            return submission is null
                ? null
                : new OrderView(orderId, submission.TenantId, null, Submitted, null, null, null, [],
                    submission.SubmittedAt, null, null, null, []);
        }

        var history = await db.Journal.AsNoTracking()
            .Where(j => j.OrderId == orderId)
            .OrderBy(j => j.Id)
            .Select(j => new JournalView(j.EventType, j.MessageId, j.FromState, j.ToState, j.Outcome, j.Topic,
                j.Partition, j.Offset, j.Sent, j.TraceId, j.RecordedAt, j.Actor, j.Note))
            .ToListAsync(cancellationToken);
        return new OrderView(orderId, saga.TenantId, saga.CustomerReference, saga.CurrentState, saga.CancellationReason,
            saga.TrackingNumber, saga.TotalUsd, saga.Lines, submission?.SubmittedAt, saga.PlacedAt, saga.UpdatedAt,
            saga.DeadlineAt, history);
    }

    /// <summary>The state an order shows right after submission or a repeated submission.</summary>
    public async Task<string> StateOf(Guid orderId, CancellationToken cancellationToken) =>
        await db.Sagas.AsNoTracking().Where(s => s.CorrelationId == orderId).Select(s => s.CurrentState)
            .SingleOrDefaultAsync(cancellationToken)
            ?? Submitted;

    /// <summary>
    /// A page of the tenant's orders that match <paramref name="query"/>, newest placed first. Keyset paging on
    /// (PlacedAt, OrderId) through the tenant's indexes, so a page costs the same on the millionth order as on the
    /// first.
    /// </summary>
    public async Task<OrderPage> List(string tenantId, OrderListQuery query, CancellationToken cancellationToken)
    {
        var sagas = db.Sagas.AsNoTracking().Where(s => s.TenantId == tenantId);
        if (query.State is { } state)
        {
            sagas = sagas.Where(s => s.CurrentState == state);
        }

        if (query.Reason is { } reason)
        {
            sagas = sagas.Where(s => s.CancellationReason == reason);
        }

        if (query.CustomerId is { } customer)
        {
            sagas = sagas.Where(s => s.CustomerId == customer);
        }

        if (query.PlacedFrom is { } from)
        {
            sagas = sagas.Where(s => s.PlacedAt >= from);
        }

        if (query.PlacedTo is { } to)
        {
            sagas = sagas.Where(s => s.PlacedAt < to);
        }

        if (query.After is { } after)
        {
            sagas = sagas.Where(s => EF.Functions.LessThan(ValueTuple.Create(s.PlacedAt, s.CorrelationId),
                ValueTuple.Create(after.PlacedAt, after.OrderId)));
        }

        // One more than asked: whether it exists says whether there is a next page.
        var page = await sagas.OrderByDescending(s => s.PlacedAt).ThenByDescending(s => s.CorrelationId)
            .Take(query.Limit + 1)
            .Select(s => new OrderSummary(s.CorrelationId, s.TenantId, s.CustomerId, s.CustomerReference,
                s.CurrentState, s.CancellationReason, s.TotalUsd, s.PlacedAt, s.UpdatedAt))
            .ToListAsync(cancellationToken);
        if (page.Count <= query.Limit)
        {
            return new OrderPage(page, null);
        }

        page.RemoveAt(query.Limit);
        var last = page[^1];
        return new OrderPage(page, new OrderCursor(last.PlacedAt, last.OrderId).Encode());
    }
}
