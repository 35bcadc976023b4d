using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>
/// The filters and page of <c>GET /orders</c>, read from the query string and checked: every filter is optional,
/// <c>placedFrom</c> is inclusive and <c>placedTo</c> exclusive, <c>after</c> is the <c>next</c> of the previous page.
/// </summary>
public sealed record OrderListQuery(string? State, string? Reason, string? CustomerId, DateTimeOffset? PlacedFrom,
    DateTimeOffset? PlacedTo, OrderCursor? After, int Limit)
{
    private const int MaxCustomerIdLength = 100;

    /// <summary>
    /// The query, or the validation errors by parameter. One can list by the saga's <see cref="SagaGraph.OrderStates"/>
    /// (Submitted orders have no saga yet and are not listed).
    /// </summary>
    public static (OrderListQuery? Query, Dictionary<string, string[]> Errors) Read(SagaGraph saga, string? state,
        string? reason, string? customerId, DateTimeOffset? placedFrom, DateTimeOffset? placedTo, string? after,
        int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        if (state is not null && !saga.OrderStates.Contains(state))
        {
            errors["state"] = [$"One of {string.Join(", ", saga.OrderStates)}."];
        }

        if (reason is not null && !CancellationReasons.All.Contains(reason))
        {
            errors["reason"] = [$"One of {string.Join(", ", CancellationReasons.All)}."];
        }

        if (customerId is { Length: 0 or > MaxCustomerIdLength })
        {
            errors["customerId"] = [$"Between 1 and {MaxCustomerIdLength} characters."];
        }

        if (placedFrom is not null && placedTo is not null && placedFrom >= placedTo)
        {
            errors["placedTo"] = ["Later than placedFrom."];
        }

        var (cursor, pageSize) = PageQuery.Read(after, limit, errors);
        return errors.Count > 0
            ? (null, errors)
            : (new OrderListQuery(state, reason, customerId, placedFrom, placedTo, cursor, pageSize), errors);
    }
}
