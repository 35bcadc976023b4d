using Microsoft.Extensions.Options;
using OrderFulfillment.Orchestrator.Api;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>
/// The operations API (<c>/operations/...</c>, scope <c>operate</c>): the saga's graph with its figures, an order's
/// timeline, the orders past their dwell limit, and the actions on an order. Operators see every tenant.
/// </summary>
public static class OperationsEndpoints
{
    public static WebApplication MapOperationsApi(this WebApplication app)
    {
        var operations = app.MapGroup("/operations").WithTags("Operations").RequireAuthorization(PlatformScopes.Operate)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        operations.MapGet("/saga", (OperationsQueries queries) => Results.Ok(queries.Overview()))
            .Produces<SagaOverview>()
            .WithSummary(
                "The saga's states and transitions from the state machine, with orders per state, p50/p95 time in " +
                "each, dwell limits and breaches.");
        operations.MapGet("/orders/{orderId:guid}/timeline", Timeline)
            .Produces<OrderTimeline>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "An order's journal as a timeline (any tenant), with its state, deadline and the messages it waits " +
                "for.");
        operations.MapGet("/orders/breaching", Breaching)
            .Produces<BreachingPage>()
            .ProducesValidationProblem()
            .WithSummary(
                "Waiting orders longer in their state than its dwell limit (Operations:DwellLimits), longest first.");
        operations.MapOrderActions();
        return app;
    }

    private static async Task<IResult> Timeline(Guid orderId, OperationsQueries queries,
        CancellationToken cancellationToken) =>
        await queries.Timeline(orderId, cancellationToken) is { } timeline ? Results.Ok(timeline)
        : OrderEndpoints.UnknownOrder(orderId);

    private static async Task<IResult> Breaching(string? state, string? after, int? limit, OperationsQueries queries,
        IOptions<OperationsOptions> options, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (state is not null && !options.Value.DwellLimits.ContainsKey(state))
        {
            errors["state"] =
                [$"A state with a dwell limit (Operations:DwellLimits): " +
                $"{string.Join(", ", options.Value.DwellLimits.Keys)}."];
        }

        var (cursor, pageSize) = PageQuery.Read(after, limit, errors);
        return errors.Count > 0
            ? Results.ValidationProblem(errors)
            : Results.Ok(await queries.Breaching(state, cursor, pageSize, cancellationToken));
    }
}
