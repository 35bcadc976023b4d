namespace OrderFulfillment.Orchestrator.Api;

/// <summary>Body of <c>POST /orders</c>. Every member is nullable so a missing one is reported by name, not as a parse error.</summary>
/// <param name="CustomerId">The customer placing the order.</param>
/// <param name="TenantId">The tenant the order belongs to.</param>
/// <param name="Items">The lines: 1 to 100.</param>
/// <param name="ShippingAddressId">The customer's shipping address the order goes to.</param>
/// <param name="CustomerReference">
/// Optional: the customer's own reference for the order (a purchase-order number, say). Trimmed; at most 64
/// characters, no control characters; empty counts as none.
/// </param>
public sealed record PlaceOrderRequest(
    string? CustomerId, string? TenantId, IReadOnlyList<OrderItemRequest>? Items, string? ShippingAddressId, string? CustomerReference = null);

/// <summary>One requested line.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Quantity">Units, at least 1.</param>
/// <param name="UnitPriceUsd">Price of one unit: not negative, at most 4 decimal places and 14 integer digits (decimal(18, 4)).</param>
public sealed record OrderItemRequest(string? ProductId, int? Quantity, decimal? UnitPriceUsd);

/// <summary>Response of <c>POST /orders</c>.</summary>
public sealed record OrderAccepted(Guid OrderId, string State);
