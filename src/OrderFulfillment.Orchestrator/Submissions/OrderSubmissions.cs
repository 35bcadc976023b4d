using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Orchestrator.Telemetry;

namespace OrderFulfillment.Orchestrator.Submissions;

/// <summary>What became of a submission.</summary>
public enum SubmissionOutcome
{
    /// <summary>A new order was accepted.</summary>
    Accepted,

    /// <summary>A retry of an accepted request: the same order is returned.</summary>
    Repeated,

    /// <summary>The Idempotency-Key was used for a different request.</summary>
    KeyReused,
}

/// <summary>
/// Accepts orders: the submission row and its OrderPlaced outbox row commit together, or neither does.
/// </summary>
public sealed class OrderSubmissions(OrdersDbContext db, ITopicProducer<OrderPlaced> placed, TimeProvider time,
    OrderMetrics metrics)
{
    public async Task<(SubmissionOutcome Outcome, Guid OrderId)> Submit(PlaceOrder order, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var hash = order.Hash();
        if (idempotencyKey is not null && await Find(order.TenantId, idempotencyKey, cancellationToken) is { } earlier)
        {
            return Compare(earlier, hash);
        }

        var now = time.GetUtcNow();
        var orderId = NewId.NextGuid();
        db.Submissions.Add(new OrderSubmission
        {
            OrderId = orderId, TenantId = order.TenantId, IdempotencyKey = idempotencyKey, RequestHash = hash,
                SubmittedAt = now,
        });
        await placed.Produce(new OrderPlaced(NewId.NextGuid(), now, orderId, order.TenantId, order.CustomerId,
            order.ShippingAddressId, order.Lines, order.CustomerReference),
            cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException {
            SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same key arrived twice at once and the other request won: answer as its retry.
            db.ChangeTracker.Clear();
            return Compare((await Find(order.TenantId, idempotencyKey!, cancellationToken))!, hash);
        }

        metrics.Submitted();
        return (SubmissionOutcome.Accepted, orderId);
    }

    private Task<OrderSubmission?> Find(string tenantId, string idempotencyKey, CancellationToken cancellationToken) =>
        db.Submissions.AsNoTracking()
            .SingleOrDefaultAsync(s => s.TenantId == tenantId && s.IdempotencyKey == idempotencyKey, cancellationToken);

    private static (SubmissionOutcome, Guid) Compare(OrderSubmission earlier, string hash) =>
        (earlier.RequestHash == hash ? SubmissionOutcome.Repeated : SubmissionOutcome.KeyReused, earlier.OrderId);
}
