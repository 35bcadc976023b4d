namespace OrderFulfillment.Orchestrator.Api;

/// <summary>
/// Money as the topics' schemas carry it: an Avro <c>decimal(18, 4)</c>, so at most 4 decimal places and 14 integer
/// digits. The API refuses an amount that does not fit rather than let the wire round or overflow it.
/// </summary>
internal static class Money
{
    public const int Scale = 4;

    /// <summary>10^14, the smallest amount with 15 integer digits.</summary>
    public const decimal Limit = 100_000_000_000_000m;

    /// <summary>
    /// Whether <paramref name="amount"/> needs more than 4 decimal places (1.50000 does not: it is 1.5).
    /// </summary>
    public static bool HasTooManyDecimals(decimal amount) => decimal.Round(amount, Scale) != amount;

    /// <summary>Whether <paramref name="amount"/> has 15 or more integer digits.</summary>
    public static bool HasTooManyIntegerDigits(decimal amount) => Math.Abs(amount) >= Limit;

    /// <summary>
    /// The same amount with at most 4 decimal places: zeros beyond them are dropped, nothing is rounded.
    /// </summary>
    public static decimal Normalize(decimal amount) =>
        HasTooManyDecimals(amount) ? throw new ArgumentOutOfRangeException(nameof(amount), amount,
            "More than 4 decimal places.") : decimal.Round(amount, Scale);
}
