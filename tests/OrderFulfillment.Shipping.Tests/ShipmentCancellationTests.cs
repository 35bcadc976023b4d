using FluentAssertions;
using OrderFulfillment.Shipping.Shipments;

namespace OrderFulfillment.Shipping.Tests;

/// <summary>
/// CancelShipment against the shipping ledger on PostgreSQL: once, before its CreateShipment, and racing it.
/// </summary>
public sealed class ShipmentCancellationTests
{
    private ShippingDatabase _db = null!;

    [SetUp]
    public async Task CreateDatabase() => _db = await ShippingDatabase.CreateAsync();

    [Test]
    public async Task A_created_shipment_is_cancelled_once_and_a_repeated_cancel_changes_nothing()
    {
        var order = Guid.NewGuid();
        var created = await Create(order);

        var first = await Cancel(order);
        var cancelledAt = (await Single()).CancelledAt;
        var again = await Cancel(order);

        first.Should().Be(new ShipmentDecision(ShipmentStatus.Cancelled, created.TrackingNumber));
        first.ShipmentExisted.Should().BeTrue();
        again.Should().Be(first, "a repeated command reports the same cancellation");
        var shipment = await Single();
        shipment.Status.Should().Be(ShipmentStatus.Cancelled);
        shipment.CancelledAt.Should().NotBeNull().And.Be(cancelledAt, "the shipment is cancelled once");
        shipment.TrackingNumber.Should().Be(created.TrackingNumber);
    }

    [Test]
    public async Task A_cancel_that_overtakes_its_create_leaves_a_tombstone_and_the_create_ships_nothing()
    {
        var order = Guid.NewGuid();

        var cancelled = await Cancel(order);
        var create = await Create(order);
        var createAgain = await Create(order);

        cancelled.Should().Be(new ShipmentDecision(ShipmentStatus.Cancelled, null));
        cancelled.ShipmentExisted.Should().BeFalse();
        create.Should().Be(cancelled, "the order must not ship once its shipment was cancelled");
        createAgain.Should().Be(cancelled);
        var tombstone = await Single();
        (tombstone.Status, tombstone.TrackingNumber, tombstone.ShippingAddressId)
            .Should().Be((ShipmentStatus.Cancelled, null, null));
        tombstone.CancelledAt.Should().NotBeNull();
    }

    [Test]
    public async Task Repeated_creates_and_cancels_in_any_order_end_cancelled_with_one_row()
    {
        var order = Guid.NewGuid();

        await Create(order);
        await Create(order);
        await Cancel(order);
        var late = await Create(order);
        await Cancel(order);

        late.Status.Should().Be(ShipmentStatus.Cancelled, "a create after the cancel does not revive the shipment");
        late.ShipmentExisted.Should().BeTrue();
        (await _db.Shipments()).Should().ContainSingle().Which.Status.Should().Be(ShipmentStatus.Cancelled);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_cancel_racing_its_create_always_ends_cancelled()
    {
        for (var round = 0; round < 10; round++)
        {
            var order = Guid.NewGuid();
            var startLine = new StartLine(2);

            var results = await Task.WhenAll(
                Task.Run(() =>
                    _db.InTransaction(book => book.Create(order, "address", CancellationToken.None), startLine)),
                Task.Run(() => _db.InTransaction(book => book.Cancel(order, CancellationToken.None), startLine)));

            var (create, cancel) = (results[0], results[1]);
            cancel.Status.Should().Be(ShipmentStatus.Cancelled);
            var shipment = (await _db.Shipments()).Should().ContainSingle(s => s.OrderId == order).Subject;
            shipment.Status.Should()
                .Be(ShipmentStatus.Cancelled, "whichever came first, a cancelled order does not ship");
            cancel.TrackingNumber.Should().Be(shipment.TrackingNumber);
            if (create.Status == ShipmentStatus.Created)
            {
                create.TrackingNumber.Should()
                    .Be(shipment.TrackingNumber, "the create won the row and the cancel then cancelled it");
            }
            else
            {
                create.Should().Be(new ShipmentDecision(ShipmentStatus.Cancelled, null),
                    "the cancel won the row and left a tombstone");
            }
        }
    }

    private Task<ShipmentDecision> Create(Guid orderId) =>
        _db.InTransaction(book => book.Create(orderId, "address-1", CancellationToken.None));

    private Task<ShipmentDecision> Cancel(Guid orderId) =>
        _db.InTransaction(book => book.Cancel(orderId, CancellationToken.None));

    private async Task<Shipment> Single() => (await _db.Shipments()).Should().ContainSingle().Subject;
}
