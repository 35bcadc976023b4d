using OrderFulfillment.Orchestrator.Submissions;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>The orders API: submit, look up, list by state.</summary>
public static class OrderEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const int MaxIdempotencyKeyLength = 200;
    private const int MaxListLimit = 500;

    /// <summary>Saga states an operator can list by (plus Submitted, which has no saga yet and is not listed).</summary>
    public static readonly IReadOnlyList<string> States = ["Placed", "InventoryReserved", "PaymentCharging", "AwaitingShipment", "Completed", "Cancelled"];

    public static WebApplication MapOrdersApi(this WebApplication app)
    {
        var orders = app.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("/", Place)
            .Accepts<PlaceOrderRequest>("application/json")
            .Produces<OrderAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Submits an order. Send an Idempotency-Key header to make retries safe.");
        orders.MapGet("/{orderId:guid}", Get)
            .Produces<OrderView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An order: its saga's state, cancellation reason, timestamps and journal of transitions.");
        orders.MapGet("/", List)
            .Produces<List<OrderSummary>>()
            .ProducesValidationProblem()
            .WithSummary("The most recently updated orders in a state, for operators.");
        return app;
    }

    private static async Task<IResult> Place(HttpRequest request, OrderSubmissions submissions, OrderQueries queries, CancellationToken cancellationToken)
    {
        var key = request.Headers[IdempotencyKeyHeader].ToString() is { Length: > 0 } header ? header : null;
        if (key is { Length: > MaxIdempotencyKeyLength })
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyKeyHeader] = [$"At most {MaxIdempotencyKeyLength} characters."] });
        }

        var (order, errors) = await PlaceOrderReader.ReadAsync(request, cancellationToken);
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

        var state = outcome == SubmissionOutcome.Accepted ? OrderQueries.Submitted : await queries.StateOf(orderId, cancellationToken);
        return Results.Accepted($"/orders/{orderId}", new OrderAccepted(orderId, state));
    }

    private static async Task<IResult> Get(Guid orderId, OrderQueries queries, CancellationToken cancellationToken) =>
        await queries.Find(orderId, cancellationToken) is { } order
            ? Results.Ok(order)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown order", detail: $"No order has the id {orderId}.");

    private static async Task<IResult> List(string? state, int? limit, OrderQueries queries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (state is null || !States.Contains(state))
        {
            errors["state"] = [$"One of {string.Join(", ", States)}."];
        }

        if (limit is < 1 or > MaxListLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxListLimit}."];
        }

        return errors.Count > 0
            ? Results.ValidationProblem(errors)
            : Results.Ok(await queries.List(state!, limit ?? 50, cancellationToken));
    }
}
