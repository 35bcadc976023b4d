using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>
/// Body of <c>POST /orders</c>. Every member is nullable so a missing one is reported by name, not as a parse error.
/// <see cref="PlaceOrderReader"/> validates it; the attributes only describe the rules in the OpenAPI document.
/// </summary>
public sealed record PlaceOrderRequest(
    string? CustomerId,
    string? TenantId,
    IReadOnlyList<OrderItemRequest>? Items,
    string? ShippingAddressId,
    [property: MaxLength(CustomerReferences.MaxLength)]
    [property: Description(
        "Optional: the customer's own reference for the order (a purchase-order number, say). Trimmed; at most 64 " +
        "characters, " +
        "no control characters; empty counts as none.")]
    string? CustomerReference = null);

/// <summary>One requested line.</summary>
public sealed record OrderItemRequest(
    string? ProductId,
    int? Quantity,
    [property: Description(
        "Price of one unit in USD: not negative, at most 4 decimal places and 14 integer digits (decimal(18, 4)); " +
        "the order's total must fit decimal(18, 4) too.")]
    decimal? UnitPriceUsd);

/// <summary>Response of <c>POST /orders</c>.</summary>
public sealed record OrderAccepted(Guid OrderId, string State);
