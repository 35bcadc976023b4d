using FluentAssertions;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrderFulfillment.Contracts;
using OrderFulfillment.Orchestrator.Submissions;

namespace OrderFulfillment.Orchestrator.Tests;

/// <summary>The request hash that tells a retry (same Idempotency-Key, same order) from a different order.</summary>
public sealed class PlaceOrderHashTests
{
    private static readonly OrderLine[] Lines = [new("sku-1", 2, 9.5m)];

    [Test]
    public void An_order_without_a_customer_reference_hashes_as_before_the_field_existed()
    {
        var order = new PlaceOrder("tenant-a", "customer-1", "address-1", Lines);
        // The hash stored for submissions accepted before OrderPlaced v2: a retry across the upgrade must match it.
        var before = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(
                new { order.TenantId, order.CustomerId, order.ShippingAddressId, Lines = order.Lines }))));

        order.Hash().Should().Be(before);
    }

    [Test]
    public void The_customer_reference_is_part_of_the_hash()
    {
        var without = new PlaceOrder("tenant-a", "customer-1", "address-1", Lines);

        without.Hash().Should().NotBe((without with { CustomerReference = "PO-1" }).Hash())
            .And.NotBe((without with { CustomerReference = string.Empty }).Hash());
    }
}
