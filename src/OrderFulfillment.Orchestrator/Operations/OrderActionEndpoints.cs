using System.Security.Claims;
using OrderFulfillment.Orchestrator.Api;

namespace OrderFulfillment.Orchestrator.Operations;

/// <summary>
/// <c>POST /operations/orders/{id}/retry|extend-deadline|cancel</c>: <c>202</c> when the order's state acts on the
/// action (asked of the state machine), <c>409</c> saying why when it does not. Each records the token's <c>sub</c> and
/// the required note in the order's journal, when the saga takes it.
/// </summary>
internal static class OrderActionEndpoints
{
    private const int MaxNoteLength = 1000;
    private const int MaxActorLength = 200;
    private static readonly TimeSpan MaxExtension = TimeSpan.FromDays(7);

    public static RouteGroupBuilder MapOrderActions(this RouteGroupBuilder operations)
    {
        Answers(operations.MapPost("/orders/{orderId:guid}/retry", Retry))
            .WithSummary(
                "Re-sends the command the order's state waits on (the last one its journal lists), with a new " +
                "message id.");
        Answers(operations.MapPost("/orders/{orderId:guid}/extend-deadline", Extend))
            .WithSummary("Moves the order's current deadline later by 'by' (from now if it has passed).");
        Answers(operations.MapPost("/orders/{orderId:guid}/cancel", Cancel))
            .WithSummary(
                "Cancels the order as an operator (reason operator_requested), compensating as a customer's " +
                "cancellation does.");
        return operations;
    }

    private static RouteHandlerBuilder Answers(RouteHandlerBuilder action) =>
        action.Produces<OrderActionAccepted>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static Task<IResult> Retry(Guid orderId, OrderActionRequest request, ClaimsPrincipal user,
        OrderActions actions, CancellationToken cancellationToken) =>
        Act(orderId, user, request.Note, [], (actor, note) => actions.Retry(orderId, actor, note, cancellationToken));

    private static Task<IResult> Cancel(Guid orderId, OrderActionRequest request, ClaimsPrincipal user,
        OrderActions actions, CancellationToken cancellationToken) =>
        Act(orderId, user, request.Note, [], (actor, note) => actions.Cancel(orderId, actor, note, cancellationToken));

    private static Task<IResult> Extend(Guid orderId, DeadlineExtensionRequest request, ClaimsPrincipal user,
        OrderActions actions, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.By is not { } by || by <= TimeSpan.Zero || by > MaxExtension)
        {
            errors["by"] =
                [$"A duration (\"hh:mm:ss\" or \"d.hh:mm:ss\") above zero and at most {MaxExtension.TotalDays} days."];
        }

        return Act(orderId, user, request.Note, errors,
            (actor, note) => actions.ExtendDeadline(orderId, request.By!.Value, actor, note, cancellationToken));
    }

    private static async Task<IResult> Act(Guid orderId, ClaimsPrincipal user, string? note,
        Dictionary<string, string[]> errors, Func<string, string, Task<ActionOutcome>> act)
    {
        if (user.Identity?.Name is not { Length: > 0 and <= MaxActorLength } actor)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"The token has no 'sub' claim of at most {MaxActorLength} characters: an action records who " +
                $"took it.");
        }

        if (string.IsNullOrWhiteSpace(note) || note.Length > MaxNoteLength)
        {
            errors["note"] = [$"Why the action is taken: required, at most {MaxNoteLength} characters."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var outcome = await act(actor, note!.Trim());
        return outcome switch
        {
            { Accepted: { } accepted } => Results.Accepted($"/operations/orders/{orderId}/timeline", accepted),
            { NotFound: true } => OrderEndpoints.UnknownOrder(orderId),
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "The action makes no sense for the order now", detail: outcome.Reason,
                extensions: new Dictionary<string, object?> { ["state"] = outcome.State }),
        };
    }
}
