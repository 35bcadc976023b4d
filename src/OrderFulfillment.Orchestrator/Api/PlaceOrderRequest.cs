namespace OrderFulfillment.Orchestrator.Api;

/// <summary>Body of <c>POST /orders</c>. Every member is nullable so a missing one is reported by name, not as a parse error.</summary>
public sealed record PlaceOrderRequest(string? CustomerId, string? TenantId, IReadOnlyList<OrderItemRequest>? Items, string? ShippingAddressId);

/// <summary>One requested line.</summary>
public sealed record OrderItemRequest(string? ProductId, int? Quantity, decimal? UnitPriceUsd);

/// <summary>Response of <c>POST /orders</c>.</summary>
public sealed record OrderAccepted(Guid OrderId, string State);
