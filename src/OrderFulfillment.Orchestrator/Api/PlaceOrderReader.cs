using System.Text.Json;
using OrderFulfillment.Contracts;
using OrderFulfillment.Orchestrator.Submissions;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>
/// Reads and validates a <c>POST /orders</c> body. Every problem is reported against the field it concerns
/// (<c>items[1].quantity</c>), and nothing about an invalid request is stored. The order's tenant is the caller's
/// (from its token); a body may name it, and a body naming another tenant is reported by <c>ForeignTenant</c>.
/// </summary>
internal static class PlaceOrderReader
{
    /// <summary>Far above any real order; protects the API from being fed megabytes of JSON.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const int MaxItems = 100;

    private const int MaxIdLength = 100;

    private static readonly JsonSerializerOptions Json =
        new(JsonSerializerDefaults.Web) { AllowTrailingCommas = false };

    public static async Task<(PlaceOrder? Order, Dictionary<string, string[]> Errors, bool ForeignTenant)> ReadAsync(
        HttpRequest request, string tenant, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.ContentLength > MaxBodyBytes)
        {
            errors["body"] = [$"The body is larger than {MaxBodyBytes} bytes."];
            return (null, errors, false);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                errors["body"] = [$"The body is larger than {MaxBodyBytes} bytes."];
                return (null, errors, false);
            }

            buffer.Write(chunk, 0, read);
        }

        PlaceOrderRequest? body;
        try
        {
            body = JsonSerializer.Deserialize<PlaceOrderRequest>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length),
                Json);
        }
        catch (JsonException ex)
        {
            errors[FieldName(ex.Path)] = [$"Malformed JSON: {ex.Message.Split(" Path:")[0]}"];
            return (null, errors, false);
        }

        if (body is null)
        {
            return (null, Add(errors, "body", "A JSON object is required."), false);
        }

        // A missing tenantId is the caller's; one naming another tenant is refused before anything else is checked.
        if (body.TenantId is { } named && !string.Equals(named, tenant, StringComparison.Ordinal))
        {
            return (null, errors, true);
        }

        var (order, _) = Validate(body, tenant, errors);
        return (order, errors, false);
    }

    private static (PlaceOrder?, Dictionary<string, string[]>) Validate(PlaceOrderRequest body, string tenant,
        Dictionary<string, string[]> errors)
    {
        RequireId(errors, "customerId", body.CustomerId);
        RequireId(errors, "shippingAddressId", body.ShippingAddressId);
        var (reference, referenceError) = CustomerReferences.Read(body.CustomerReference);
        if (referenceError is not null)
        {
            Add(errors, "customerReference", referenceError);
        }

        if (body.Items is not { Count: > 0 } items)
        {
            Add(errors, "items", "At least one item is required.");
        }
        else if (items.Count > MaxItems)
        {
            Add(errors, "items", $"At most {MaxItems} items.");
        }
        else
        {
            for (var i = 0; i < items.Count; i++)
            {
                ValidateItem(errors, $"items[{i}]", items[i]);
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var lines = body.Items!.Select(i => new OrderLine(i.ProductId!, i.Quantity!.Value,
            Money.Normalize(i.UnitPriceUsd!.Value))).ToList();
        // Each price fits decimal(18, 4), but the total the saga charges must fit too.
        if (Money.HasTooManyIntegerDigits(lines.Sum(l => l.Quantity * l.UnitPriceUsd)))
        {
            return (null, Add(errors, "items",
                $"The order's total (quantity x unitPriceUsd, summed) must be below {Money.Limit:0} USD."));
        }

        return (new PlaceOrder(tenant, body.CustomerId!, body.ShippingAddressId!, lines, reference), errors);
    }

    private static void ValidateItem(Dictionary<string, string[]> errors, string field, OrderItemRequest? item)
    {
        if (item is null)
        {
            Add(errors, field, "An item object is required.");
            return;
        }

        RequireId(errors, $"{field}.productId", item.ProductId);
        if (item.Quantity is not > 0)
        {
            Add(errors, $"{field}.quantity", "Required, and at least 1.");
        }

        if (item.UnitPriceUsd is not { } price || price < 0)
        {
            Add(errors, $"{field}.unitPriceUsd", "Required, and not negative.");
        }
        else if (Money.HasTooManyDecimals(price))
        {
            Add(errors, $"{field}.unitPriceUsd", $"At most {Money.Scale} decimal places.");
        }
        else if (Money.HasTooManyIntegerDigits(price))
        {
            Add(errors, $"{field}.unitPriceUsd", $"Must be below {Money.Limit:0} (at most 14 integer digits).");
        }
    }

    private static void RequireId(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(errors, field, "Required.");
        }
        else if (value.Length > MaxIdLength)
        {
            Add(errors, field, $"At most {MaxIdLength} characters.");
        }
    }

    private static Dictionary<string, string[]> Add(Dictionary<string, string[]> errors, string field, string error)
    {
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, error] : [error];
        return errors;
    }

    /// <summary>
    /// JSON paths as the API names fields: <c>$.items[0].quantity</c> becomes <c>items[0].quantity</c>.
    /// </summary>
    private static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
}
