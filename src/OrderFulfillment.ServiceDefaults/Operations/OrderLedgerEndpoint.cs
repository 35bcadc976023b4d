using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.ServiceDefaults.Operations;

/// <summary>Body of <c>POST /operations/ledger</c>: the orders whose ledger facts are wanted.</summary>
/// <param name="OrderIds">At most <see cref="OrderLedgerEndpoint.MaxOrders"/> order ids.</param>
public sealed record OrderLedgerRequest(IReadOnlyList<Guid>? OrderIds);

/// <summary>
/// What a worker's ledger holds about one order; the fields that do not apply to the worker are null.
/// </summary>
/// <param name="OrderId">The order.</param>
/// <param name="Status">
/// The ledger's status for the order: inventory <c>Reserved</c>, <c>Rejected</c>, <c>Released</c>, <c>Shipped</c>;
/// payments <c>Charged</c>, <c>Declined</c>, <c>Refunded</c>, <c>Voided</c>; shipping <c>Created</c>, <c>Cancelled</c>.
/// </param>
/// <param name="Units">Inventory: the units reserved for the order (held, released or shipped, by its status).</param>
/// <param name="AmountUsd">Payments: the amount charged, refunded or declined.</param>
/// <param name="TrackingNumber">Shipping: the shipment's tracking number; null when it was cancelled before it was
/// created.</param>
public sealed record OrderLedgerEntry(Guid OrderId, string Status, int? Units = null, decimal? AmountUsd = null,
    string? TrackingNumber = null);

/// <summary>
/// Answer of <c>POST /operations/ledger</c>: one entry per asked order the ledger knows; an order it never saw is
/// absent.
/// </summary>
public sealed record OrderLedgerAnswer(IReadOnlyList<OrderLedgerEntry> Orders);

/// <summary>
/// <c>POST /operations/ledger</c> of a worker, for the orchestrator's reconciliation: what the worker's own ledger
/// recorded for a batch of orders, read from its own database (no service reads another's).
/// </summary>
public static class OrderLedgerEndpoint
{
    /// <summary>Where each worker answers.</summary>
    public const string Path = "/operations/ledger";

    /// <summary>Most orders one request may ask for.</summary>
    public const int MaxOrders = 500;

    /// <summary>
    /// Maps <see cref="Path"/> with the <c>operate</c> scope, answered by <typeparamref name="TLedger"/> (a scoped
    /// service).
    /// </summary>
    public static IEndpointRouteBuilder MapOrderLedger<TLedger>(this IEndpointRouteBuilder app,
        Func<TLedger, IReadOnlyList<Guid>, CancellationToken, Task<List<OrderLedgerEntry>>> read)
        where TLedger : notnull
    {
        app.MapPost(Path,
            async (OrderLedgerRequest request, IServiceProvider services, CancellationToken cancellationToken) =>
            {
                if (request.OrderIds is not { Count: > 0 and <= MaxOrders } ids)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]>
                    {
                        ["orderIds"] = [$"Between 1 and {MaxOrders} order ids."],
                    });
                }

                var entries =
                    await read(services.GetRequiredService<TLedger>(), [.. ids.Distinct()], cancellationToken);
                return Results.Ok(new OrderLedgerAnswer(entries));
            })
            .RequireAuthorization(PlatformScopes.Operate).WithTags("Operations")
            .WithSummary("What this service's ledger recorded for each of the given orders, for reconciliation.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }
}
