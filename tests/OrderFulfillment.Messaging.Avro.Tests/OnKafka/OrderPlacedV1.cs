using OrderFulfillment.Contracts;

namespace OrderFulfillment.Messaging.Avro.Tests.OnKafka.V1;

/// <summary>OrderPlaced as a build from before version 2 knows it: no customer reference.</summary>
public sealed record OrderPlaced(Guid EventId, DateTimeOffset OccurredAt, Guid OrderId, string TenantId,
    string CustomerId, string ShippingAddressId, IReadOnlyList<OrderLine> Lines);
