using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.Orchestrator.Submissions;

/// <summary>A validated order request.</summary>
public sealed record PlaceOrder(string TenantId, string CustomerId, string ShippingAddressId, IReadOnlyList<OrderLine> Lines)
{
    /// <summary>SHA-256 of the request's canonical JSON: equal for the same order, whatever its formatting.</summary>
    public string Hash() =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { TenantId, CustomerId, ShippingAddressId, Lines }))));
}
