using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Orchestrator.Reconciliation;

/// <summary>One rule and how many orders break it now.</summary>
public sealed record RuleCount(string Rule, string Description, long Open);

/// <summary>Answer of <c>GET /operations/reconciliation</c>.</summary>
/// <param name="LastRunAt">When the last run finished; null before the first.</param>
/// <param name="LastRunOrders">Orders the last run checked (newly finished and re-checked).</param>
/// <param name="OrdersChecked">Orders checked since the job first ran.</param>
/// <param name="CheckedUpTo">The watermark: finished orders last updated up to here have been checked; null before the
/// first.</param>
/// <param name="LastError">Why the last run stopped early (a worker could not be read); null when it finished.</param>
/// <param name="LastErrorAt">When that was.</param>
/// <param name="Interval">How often the job runs.</param>
/// <param name="SettleTime">How long an order must have been finished before it is checked.</param>
/// <param name="Open">Open mismatches in all.</param>
/// <param name="Rules">Every rule with its open mismatches, zero included.</param>
public sealed record ReconciliationSummary(DateTimeOffset? LastRunAt, int LastRunOrders, long OrdersChecked,
    DateTimeOffset? CheckedUpTo, string? LastError, DateTimeOffset? LastErrorAt, TimeSpan Interval, TimeSpan SettleTime,
    long Open, IReadOnlyList<RuleCount> Rules);

/// <summary>A mismatch as the API shows it.</summary>
public sealed record MismatchView(long Id, Guid OrderId, string TenantId, string Rule, string Description,
    string Outcome, string? CancellationReason, string Detail, IReadOnlyList<LedgerFact> Ledgers,
    DateTimeOffset FirstSeenAt, DateTimeOffset LastCheckedAt, DateTimeOffset? ResolvedAt);

/// <summary>
/// A page of mismatches; pass <paramref name="Next"/> as <c>after</c> for the next one (null: no more).
/// </summary>
public sealed record MismatchPage(IReadOnlyList<MismatchView> Items, long? Next);

/// <summary>
/// <c>GET /operations/reconciliation</c> and <c>GET /operations/reconciliation/mismatches</c>, scope <c>operate</c>.
/// </summary>
public static class ReconciliationEndpoints
{
    private const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapReconciliation(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/operations/reconciliation").WithTags("Operations")
            .RequireAuthorization(PlatformScopes.Operate)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", Summary).Produces<ReconciliationSummary>()
            .WithSummary("The reconciliation job's last run, orders checked and open mismatches by rule.");
        group.MapGet("/mismatches", Mismatches).Produces<MismatchPage>().ProducesValidationProblem()
            .WithSummary(
                "Mismatches, oldest first: open ones by default (status=open|resolved|all), by rule, paged with " +
                "after.");
        return app;
    }

    private static async Task<ReconciliationSummary> Summary(OrdersDbContext db,
        IOptions<ReconciliationOptions> options, CancellationToken cancellationToken)
    {
        var progress = await db.Set<ReconciliationProgress>().AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            ?? new ReconciliationProgress();
        var open = await db.Set<ReconciliationMismatch>().Where(m => m.ResolvedAt == null).GroupBy(m => m.Rule)
            .Select(g => new { Rule = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Rule, g => g.Count, cancellationToken);
        var rules =
            ReconciliationRules.All.Select(r => new RuleCount(r.Key, r.Value, open.GetValueOrDefault(r.Key))).ToList();
        return new ReconciliationSummary(progress.LastRunAt, progress.LastRunOrders, progress.OrdersChecked,
            progress.WatermarkUpdatedAt == default ? null : progress.WatermarkUpdatedAt, progress.LastError,
            progress.LastErrorAt, options.Value.Interval, options.Value.SettleTime, rules.Sum(r => r.Open), rules);
    }

    private static async Task<IResult> Mismatches(OrdersDbContext db, string? rule, long? after, int? limit,
        string? status, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (rule is not null && !ReconciliationRules.All.ContainsKey(rule))
        {
            errors["rule"] = [$"One of {string.Join(", ", ReconciliationRules.All.Keys)}."];
        }

        if (status is not (null or "open" or "resolved" or "all"))
        {
            errors["status"] = ["open, resolved or all."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var query = db.Set<ReconciliationMismatch>().AsNoTracking().Where(m => m.Id > (after ?? 0));
        query = status switch
        {
            "resolved" => query.Where(m => m.ResolvedAt != null),
            "all" => query,
            _ => query.Where(m => m.ResolvedAt == null),
        };
        if (rule is not null)
        {
            query = query.Where(m => m.Rule == rule);
        }

        var take = limit ?? 100;
        var rows = await query.OrderBy(m => m.Id).Take(take + 1).ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(m => new MismatchView(m.Id, m.OrderId, m.TenantId, m.Rule,
            ReconciliationRules.All[m.Rule], m.Outcome, m.CancellationReason, m.Detail, m.Ledgers, m.FirstSeenAt,
            m.LastCheckedAt, m.ResolvedAt)).ToList();
        return Results.Ok(new MismatchPage(items, rows.Count > take ? items[^1].Id : null));
    }
}
