using System.Globalization;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>
/// The filters of the dead-letter list, its groups and a group replay: every one optional, all of them together.
/// <c>service</c> is the service that gave up on the record, <c>exception</c> the exception's full or short type name,
/// <c>from</c> inclusive and <c>to</c> exclusive on the time it was dead-lettered, <c>orderId</c> one order's.
/// </summary>
public sealed record DeadLetterFilter(string? Service = null, string? Tenant = null, string? MessageType = null,
    string? SourceTopic = null, string? Reason = null, string? Exception = null, DateTimeOffset? From = null,
    DateTimeOffset? To = null, string? Status = null, Guid? OrderId = null)
{
    /// <summary>The validation errors by parameter; empty when the filter is usable.</summary>
    public Dictionary<string, string[]> Errors()
    {
        var errors = new Dictionary<string, string[]>();
        if (Status is not null && !DeadLetterStatus.All.Contains(Status))
        {
            errors["status"] = [$"One of {string.Join(", ", DeadLetterStatus.All)}."];
        }

        if (From is not null && To is not null && From >= To)
        {
            errors["to"] = ["Later than from."];
        }

        return errors;
    }

    public IQueryable<DeadLetter> Apply(IQueryable<DeadLetter> letters)
    {
        if (Service is { } service)
        {
            letters = letters.Where(d => d.Service == service);
        }

        if (Tenant is { } tenant)
        {
            letters = letters.Where(d => d.TenantId == tenant);
        }

        if (MessageType is { } type)
        {
            letters = letters.Where(d => d.MessageType == type);
        }

        if (SourceTopic is { } topic)
        {
            letters = letters.Where(d => d.SourceTopic == topic);
        }

        if (Reason is { } reason)
        {
            letters = letters.Where(d => d.Reason == reason);
        }

        if (Exception is { } exception)
        {
            var shortName = "." + exception;
            letters = letters.Where(d => d.ExceptionType == exception || d.ExceptionType!.EndsWith(shortName));
        }

        if (From is { } from)
        {
            letters = letters.Where(d => d.DeadLetteredAt >= from);
        }

        if (To is { } to)
        {
            letters = letters.Where(d => d.DeadLetteredAt < to);
        }

        if (OrderId is { } orderId)
        {
            letters = letters.Where(d => d.OrderId == orderId);
        }

        return Status is { } status ? letters.Where(d => d.Status == status) : letters;
    }
}

/// <summary>
/// A page of the list: newest indexed first, after the cursor <c>next</c> of the previous page (stable under inserts).
/// </summary>
public sealed record DeadLetterPageRequest(DeadLetterFilter Filter, long? After, int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static (DeadLetterPageRequest? Request, Dictionary<string, string[]> Errors) Read(DeadLetterFilter filter,
        string? after, int? limit)
    {
        var errors = filter.Errors();
        long? cursor = null;
        if (after is not null)
        {
            if (long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                cursor = id;
            }
            else
            {
                errors["after"] = ["Not a cursor this API gave: pass the previous page's next as it is."];
            }
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxLimit}."];
        }

        return errors.Count > 0 ? (null, errors)
            : (new DeadLetterPageRequest(filter, cursor, limit ?? DefaultLimit), errors);
    }
}
