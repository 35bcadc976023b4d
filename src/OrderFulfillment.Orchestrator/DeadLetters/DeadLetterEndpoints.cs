using System.Security.Claims;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>
/// <c>/operations/dead-letters</c>: the dead letters of every <c>.dlq</c> topic, listed, grouped and opened, and the
/// saga-aware actions on them (replay, edit and replay, group replay, discard). Operators only (<c>operate</c>).
/// </summary>
public static class DeadLetterEndpoints
{
    /// <summary>Dead letters one group replay handles at most; the answer says when more are left.</summary>
    public const int GroupReplayLimit = 500;

    public static WebApplication MapDeadLettersApi(this WebApplication app)
    {
        var letters =
            app.MapGroup("/operations/dead-letters").WithTags("Operations").RequireAuthorization(PlatformScopes.Operate)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        letters.MapGet("/", List).Produces<DeadLetterPage>().ProducesValidationProblem()
            .WithSummary(
                "Dead letters of every .dlq topic, newest first, filtered by service, tenant, message type, reason, " +
                "exception, time and status.");
        letters.MapGet("/groups", Groups).Produces<DeadLetterGroups>().ProducesValidationProblem()
            .WithSummary("Dead letters counted by reason, message type and source topic, with the list's filters.");
        letters.MapGet("/{id:long}", Get).Produces<DeadLetterView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary(
                "One dead letter: headers, body, raw bytes, error, and whether a replay would be accepted now.");
        letters.MapPost("/{id:long}/replay", Replay).Produces<DeadLetterSummary>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary(
                "Replays a dead letter to its source topic (with an edited body, when given) if its order still " +
                "waits for it.");
        letters.MapPost("/replay", ReplayGroup).Produces<GroupReplayResult>().ProducesValidationProblem()
            .WithSummary(
                "Replays every open dead letter matching the filter whose order still waits for it; lists the " +
                "refused ones with why.");
        letters.MapPost("/{id:long}/discard", Discard).Produces<DeadLetterSummary>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Discards an open dead letter with a note.");
        return app;
    }

    private static async Task<IResult> List(string? service, string? tenant, string? messageType, string? sourceTopic,
        string? reason, string? exception, DateTimeOffset? from, DateTimeOffset? to, string? status, Guid? orderId,
        string? after, int? limit, DeadLetterQueries queries, CancellationToken cancellationToken)
    {
        var filter = new DeadLetterFilter(service, tenant, messageType, sourceTopic, reason, exception, from, to,
            status, orderId);
        var (request, errors) = DeadLetterPageRequest.Read(filter, after, limit);
        return request is null ? Results.ValidationProblem(errors)
            : Results.Ok(await queries.List(request, cancellationToken));
    }

    private static async Task<IResult> Groups(string? service, string? tenant, string? messageType, string? sourceTopic,
        string? reason, string? exception, DateTimeOffset? from, DateTimeOffset? to, string? status, Guid? orderId,
        DeadLetterQueries queries, CancellationToken cancellationToken)
    {
        var filter = new DeadLetterFilter(service, tenant, messageType, sourceTopic, reason, exception, from, to,
            status, orderId);
        var errors = filter.Errors();
        return errors.Count > 0 ? Results.ValidationProblem(errors)
            : Results.Ok(await queries.Groups(filter, cancellationToken));
    }

    private static async Task<IResult> Get(long id, DeadLetterQueries queries, CancellationToken cancellationToken) =>
        await queries.Find(id, cancellationToken) is { } view ? Results.Ok(view) : NotFound(id);

    private static async Task<IResult> Replay(long id, ReplayRequest request, ClaimsPrincipal user,
        DeadLetterActions actions, DeadLetterBodies bodies, CancellationToken cancellationToken)
    {
        if (Operator(user) is not { } who)
        {
            return NoSubject();
        }

        var errors = OperatorNote.Errors(request.Note);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        byte[]? edited = null;
        if (request.Body is { } body)
        {
            var (found, topic, orderId) = await actions.Source(id, cancellationToken);
            if (!found)
            {
                return NotFound(id);
            }

            if (topic is null || orderId is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot be replayed",
                    detail: "Its source topic is not in the catalogue or its key is not an order id: it can only be " +
                    "discarded.");
            }

            (edited, errors) = bodies.Encode(topic, body, orderId.Value);
            if (edited is null)
            {
                return Results.ValidationProblem(errors, title: $"The body is not a valid {topic.MessageType.Name}");
            }
        }

        return Outcome(id, await actions.Replay(id, who, request.Note!, edited, cancellationToken), "Replay refused");
    }

    private static async Task<IResult> ReplayGroup(GroupReplayRequest request, ClaimsPrincipal user,
        DeadLetterActions actions, CancellationToken cancellationToken)
    {
        if (Operator(user) is not { } who)
        {
            return NoSubject();
        }

        var errors = OperatorNote.Errors(request.Note).Concat(request.Filter.Errors()).ToDictionary();
        if (request.Reason is null && request.MessageType is null && request.SourceTopic is null)
        {
            errors["reason"] = ["Name the group: at least one of reason, messageType and sourceTopic."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var ids = await actions.OpenIds(request.Filter, GroupReplayLimit + 1, cancellationToken);
        var replayed = new List<DeadLetterSummary>();
        var refused = new List<RefusedReplay>();
        foreach (var id in ids.Take(GroupReplayLimit))
        {
            var result = await actions.Replay(id, who, request.Note!, null, cancellationToken);
            if ((result.Refusal ?? result.Failure) is { } why)
            {
                refused.Add(new RefusedReplay(id, why));
            }
            else if (result.DeadLetter is { } done)
            {
                replayed.Add(done);
            }
        }

        return Results.Ok(new GroupReplayResult(Math.Min(ids.Count, GroupReplayLimit), replayed, refused,
            ids.Count > GroupReplayLimit));
    }

    private static async Task<IResult> Discard(long id, DiscardRequest request, ClaimsPrincipal user,
        DeadLetterActions actions, CancellationToken cancellationToken)
    {
        if (Operator(user) is not { } who)
        {
            return NoSubject();
        }

        var errors = OperatorNote.Errors(request.Note);
        return errors.Count > 0
            ? Results.ValidationProblem(errors)
            : Outcome(id, await actions.Discard(id, who, request.Note!, cancellationToken), "Discard refused");
    }

    private static IResult Outcome(long id, DeadLetterActionResult result, string refusedTitle) =>
        !result.Found ? NotFound(id)
        : result.Refusal is { } why
            ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: refusedTitle, detail: why)
        : result.Failure is { } failure ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Kafka unavailable", detail: failure)
        : Results.Ok(result.DeadLetter);

    /// <summary>Who acts: the token's subject.</summary>
    private static string? Operator(ClaimsPrincipal user) => user.FindFirst("sub")?.Value is { Length: > 0 } sub ? sub
        : null;

    private static IResult NoSubject() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: "The token has no 'sub' claim: an action must name who takes it.");

    private static IResult NotFound(long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown dead letter",
            detail: $"No dead letter has the id {id}.");
}
