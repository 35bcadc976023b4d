using System.Security.Claims;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>
/// The answer to an accepted cancellation request: the order's <paramref name="State"/> when the request was read.
/// The outcome shows in <c>GET /orders/{orderId}</c>: Cancelled with reason customer_requested, unless a reply
/// already on its way settled the order first (docs/api.md).
/// </summary>
public sealed record OrderCancellationAccepted(Guid OrderId, string State);

/// <summary><c>POST /orders/{orderId}/cancel</c>: a customer cancels an order that has not shipped.</summary>
internal static class OrderCancellationEndpoint
{
    public static RouteGroupBuilder MapCancel(this RouteGroupBuilder orders)
    {
        orders.MapPost("/{orderId:guid}/cancel", Cancel)
            .RequireAuthorization(PlatformScopes.OrdersWrite)
            .Produces<OrderCancellationAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Asks to cancel an order that has not shipped (reason customer_requested); 409 names the state when " +
                "it is too late.");
        return orders;
    }

    private static async Task<IResult> Cancel(Guid orderId, ClaimsPrincipal user, OrderCancellations cancellations,
        CancellationToken cancellationToken)
    {
        if (OrderEndpoints.Tenant(user) is not { } tenant)
        {
            return OrderEndpoints.NoTenant();
        }

        var (outcome, state) = await cancellations.Request(orderId, tenant, cancellationToken);
        return outcome switch
        {
            CancellationOutcome.Requested =>
                Results.Accepted($"/orders/{orderId}", new OrderCancellationAccepted(orderId, state!)),
            CancellationOutcome.NotFound => OrderEndpoints.UnknownOrder(orderId),
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "The order can no longer be cancelled",
                detail: $"Order {orderId} is {state}: an order can be cancelled only until its shipment is created.",
                extensions: new Dictionary<string, object?> { ["state"] = state }),
        };
    }
}
