using System.Security.Claims;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.Orchestrator.Submissions;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>
/// The orders API: submit, look up, list by state, cancel. Every request acts for the tenant of its token's
/// <c>tenant</c> claim: it submits that tenant's orders and sees only them.
/// </summary>
public static class OrderEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const int MaxIdempotencyKeyLength = 200;

    public static WebApplication MapOrdersApi(this WebApplication app)
    {
        var orders = app.MapGroup("/orders").WithTags("Orders").ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        orders.MapPost("/", Place)
            .RequireAuthorization(PlatformScopes.OrdersWrite)
            .RequireRateLimiting(OrderRateLimits.PerTenantPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .Accepts<PlaceOrderRequest>("application/json")
            .Produces<OrderAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Submits an order. Send an Idempotency-Key header to make retries safe.");
        orders.MapGet("/{orderId:guid}", Get)
            .RequireAuthorization(PlatformScopes.OrdersRead)
            .Produces<OrderView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An order: its saga's state, cancellation reason, timestamps and journal of transitions.");
        orders.MapGet("/", List)
            .RequireAuthorization(PlatformScopes.OrdersRead)
            .Produces<OrderPage>()
            .ProducesValidationProblem()
            .WithSummary(
                "A page of the caller's tenant's orders, newest placed first, filtered by state, reason, customer " +
                "and time.");
        orders.MapCancel();
        return app;
    }

    private static async Task<IResult> Place(HttpRequest request, ClaimsPrincipal user, OrderSubmissions submissions,
        OrderQueries queries, CancellationToken cancellationToken)
    {
        if (Tenant(user) is not { } tenant)
        {
            return NoTenant();
        }

        var key = request.Headers[IdempotencyKeyHeader].ToString() is { Length: > 0 } header ? header : null;
        if (key is { Length: > MaxIdempotencyKeyLength })
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [IdempotencyKeyHeader] = [$"At most {MaxIdempotencyKeyLength} characters."],
            });
        }

        var (order, errors, foreignTenant) = await PlaceOrderReader.ReadAsync(request, tenant, cancellationToken);
        if (foreignTenant)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "The body's tenantId is not the tenant of the token; leave it out or send the token's own.");
        }

        if (order is null)
        {
            return Results.ValidationProblem(errors, title: "The order is invalid");
        }

        var (outcome, orderId) = await submissions.Submit(order, key, cancellationToken);
        if (outcome == SubmissionOutcome.KeyReused)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused",
                detail: $"The key '{key}' was already used for a different order ({orderId}).");
        }

        var state = outcome == SubmissionOutcome.Accepted ? OrderQueries.Submitted
            : await queries.StateOf(orderId, cancellationToken);
        return Results.Accepted($"/orders/{orderId}", new OrderAccepted(orderId, state));
    }

    // Another tenant's order is answered exactly like one that does not exist: its existence is not the caller's
    // business.
    private static async Task<IResult> Get(Guid orderId, ClaimsPrincipal user, OrderQueries queries,
        CancellationToken cancellationToken) =>
        Tenant(user) is not { } tenant ? NoTenant()
        : await queries.Find(orderId, tenant, cancellationToken) is { } order ? Results.Ok(order)
        : UnknownOrder(orderId);

    internal static IResult UnknownOrder(Guid orderId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown order",
            detail: $"No order has the id {orderId}.");

    private static async Task<IResult> List(string? state, string? reason, string? customerId,
        DateTimeOffset? placedFrom, DateTimeOffset? placedTo, string? after, int? limit, ClaimsPrincipal user,
        OrderQueries queries, SagaGraph saga, CancellationToken cancellationToken)
    {
        if (Tenant(user) is not { } tenant)
        {
            return NoTenant();
        }

        var (query, errors) = OrderListQuery.Read(saga, state, reason, customerId, placedFrom, placedTo, after, limit);
        return query is null ? Results.ValidationProblem(errors)
            : Results.Ok(await queries.List(tenant, query, cancellationToken));
    }

    /// <summary>The caller's tenant, from its token's tenant claim; null when the token names none.</summary>
    internal static string? Tenant(ClaimsPrincipal user) =>
        user.FindFirst(PlatformScopes.Tenant)?.Value is { Length: > 0 } tenant ? tenant : null;

    internal static IResult NoTenant() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: $"The token has no '{PlatformScopes.Tenant}' claim.");
}
