using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Shipping.Shipments;

namespace OrderFulfillment.Shipping.Tests;

public sealed class ShipmentBookTests
{
    private ShippingDatabase _db = null!;

    [SetUp]
    public async Task CreateDatabase() => _db = await ShippingDatabase.CreateAsync();

    [Test]
    public async Task An_order_gets_a_shipment_with_a_tracking_number()
    {
        var order = Guid.NewGuid();

        var trackingNumber = await Create(order, "address-1");

        trackingNumber.Should().MatchRegex("^TRK[0-9A-F]{12}$");
        var shipment = (await _db.Shipments()).Should().ContainSingle().Subject;
        (shipment.OrderId, shipment.TrackingNumber, shipment.ShippingAddressId)
            .Should().Be((order, trackingNumber, "address-1"));
        shipment.CreatedAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Test]
    public async Task A_repeated_create_returns_the_same_tracking_number_and_creates_nothing()
    {
        var order = Guid.NewGuid();
        var first = await Create(order, "address-1");

        var again = await Create(order, "address-2");

        again.Should().Be(first);
        var shipment = (await _db.Shipments()).Should().ContainSingle().Subject;
        shipment.ShippingAddressId.Should().Be("address-1", "the first command created the shipment");
    }

    [Test]
    public async Task Tracking_numbers_differ_across_orders()
    {
        var orders = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToList();

        var trackingNumbers = new List<string>();
        foreach (var order in orders)
        {
            trackingNumbers.Add(await Create(order, "address"));
        }

        trackingNumbers.Should().OnlyHaveUniqueItems();
        (await _db.Shipments()).Select(s => s.OrderId).Should().BeEquivalentTo(orders, "one shipment per order");
    }

    [Test]
    public async Task The_database_refuses_a_tracking_number_used_twice()
    {
        var trackingNumber = await Create(Guid.NewGuid(), "address");
        await using var db = _db.Open();
        db.Shipments.Add(new Shipment { OrderId = Guid.NewGuid(), TrackingNumber = trackingNumber,
            ShippingAddressId = "address", CreatedAt = DateTimeOffset.UtcNow });

        var save = () => db.SaveChangesAsync();

        await save.Should().ThrowAsync<DbUpdateException>();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Concurrent_deliveries_of_one_command_create_one_shipment()
    {
        var order = Guid.NewGuid();

        // Each delivery runs in its own transaction; the losers of the insert race are retried, as the endpoint does.
        var startLine = new StartLine(10);
        var trackingNumbers = await Task.WhenAll(Enumerable.Range(0,
            10).Select(_ => Task.Run(() => RetryingConflicts(() => Create(order, "address", startLine)))));

        trackingNumbers.Distinct()
            .Should().ContainSingle("every delivery announces the one shipment's tracking number");
        (await _db.Shipments()).Should().ContainSingle().Which.TrackingNumber.Should().Be(trackingNumbers[0]);
    }

    private async Task<string> Create(Guid orderId, string shippingAddressId, StartLine? startLine = null)
    {
        var decision =
            await _db.InTransaction(book => book.Create(orderId, shippingAddressId, CancellationToken.None), startLine);
        decision.Status.Should().Be(ShipmentStatus.Created);
        return decision.TrackingNumber!;
    }

    private static async Task<T> RetryingConflicts<T>(Func<Task<T>> attempt)
    {
        for (var attempts = 1; ; attempts++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateException) when (attempts < 5)
            {
            }
        }
    }
}
