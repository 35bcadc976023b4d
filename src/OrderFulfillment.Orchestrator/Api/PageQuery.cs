namespace OrderFulfillment.Orchestrator.Api;

/// <summary>
/// The page parameters of a cursor-paged list (<c>after</c>, <c>limit</c>), read and checked the same way everywhere.
/// </summary>
internal static class PageQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>The cursor and page size; what is wrong goes into <paramref name="errors"/> by parameter.</summary>
    public static (OrderCursor? After, int Limit) Read(string? after, int? limit, Dictionary<string, string[]> errors)
    {
        OrderCursor? cursor = null;
        if (after is not null && !OrderCursor.TryDecode(after, out cursor))
        {
            errors["after"] = ["Not a cursor this API gave: pass the previous page's next as it is."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxLimit}."];
        }

        return (cursor, limit ?? DefaultLimit);
    }
}
