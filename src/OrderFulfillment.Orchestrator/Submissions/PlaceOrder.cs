using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.Orchestrator.Submissions;

/// <summary>A validated order request.</summary>
public sealed record PlaceOrder(string TenantId, string CustomerId, string ShippingAddressId,
    IReadOnlyList<OrderLine> Lines, string? CustomerReference = null)
{
    // Null members are left out, so an order without a customer reference hashes exactly as before the field
    // existed: a retry that spans the upgrade is still recognised as one.
    private static readonly JsonSerializerOptions Canonical =
        new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>SHA-256 of the request's canonical JSON: equal for the same order, whatever its formatting.</summary>
    public string Hash() =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(new { TenantId, CustomerId, ShippingAddressId, Lines, CustomerReference },
                Canonical))));
}
