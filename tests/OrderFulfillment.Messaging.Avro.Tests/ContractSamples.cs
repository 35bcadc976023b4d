using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;

namespace OrderFulfillment.Messaging.Avro.Tests;

/// <summary>One realistic message of every contract, with a time that has sub-microsecond ticks to drop.</summary>
internal static class ContractSamples
{
    public static readonly Guid EventId = new("5f0c7a7e-2b8e-4a53-9c1d-0e6b8f3a1d42");
    public static readonly Guid OrderId = new("0b4a4a52-65a4-4c4e-9b0a-3c1d2e6f7a80");

    // 2026-11-26 12:34:56.7891234 +01:00: the last tick (100 ns) is below Avro's microsecond.
    public static readonly DateTimeOffset OccurredAt =
        new DateTimeOffset(2026, 11, 26, 12, 34, 56, TimeSpan.FromHours(1)).AddTicks(7_891_234);

    public static readonly IReadOnlyList<OrderLine> Lines =
        [new("sku-1", 2, 9.99m), new("sku-42", 1, 1234.5678m), new("free-gift", 1, 0m)];

    public static IEnumerable<IOrderMessage> OneOfEach() =>
    [
        new OrderPlaced(EventId, OccurredAt, OrderId, "tenant-a", "customer-7", "address-3", Lines, "PO-2026-118"),
        new OrderDeadlinePassed(EventId, OccurredAt, OrderId, "tenant-a", 3),
        new CancelOrder(EventId, OccurredAt, OrderId, "tenant-a", "operator_requested", "operator-1",
            "stuck behind a broken gateway"),
        new RetryOrderStep(EventId, OccurredAt, OrderId, "tenant-a", "InventoryReserved", "operator-1",
            "the charge's reply was dead-lettered"),
        new ExtendOrderDeadline(EventId, OccurredAt, OrderId, "tenant-a", 3,
            new DateTimeOffset(2026, 11, 26, 12, 30, 0, TimeSpan.Zero), "operator-1", "the carrier is slow today"),
        new OrderCompleted(EventId, OccurredAt, OrderId, "tenant-a", 1254.4878m, "TRK-00AB12"),
        new OrderCancelled(EventId, OccurredAt, OrderId, "tenant-a", "payment_failed"),
        new ReserveInventory(EventId, OccurredAt, OrderId, "tenant-a", Lines),
        new ReleaseInventory(EventId, OccurredAt, OrderId, "tenant-a"),
        new InventoryReserved(EventId, OccurredAt, OrderId, "tenant-a"),
        new InventoryReservationFailed(EventId, OccurredAt, OrderId, "tenant-a", "out_of_stock: sku-42"),
        new InventoryReleased(EventId, OccurredAt, OrderId, "tenant-a"),
        new ChargePayment(EventId, OccurredAt, OrderId, "tenant-a", "customer-7", 1254.4878m),
        new PaymentCharging(EventId, OccurredAt, OrderId, "tenant-a"),
        new PaymentCharged(EventId, OccurredAt, OrderId, "tenant-a", -0.0001m),
        new PaymentFailed(EventId, OccurredAt, OrderId, "tenant-a",
            "declined: amount 120.00 USD is above the 100 USD limit"),
        new RefundPayment(EventId, OccurredAt, OrderId, "tenant-a"),
        new PaymentRefunded(EventId, OccurredAt, OrderId, "tenant-a"),
        new CreateShipment(EventId, OccurredAt, OrderId, "tenant-a", "address-3"),
        new ShipmentCreated(EventId, OccurredAt, OrderId, "tenant-a", "TRK-00AB12"),
        new CancelShipment(EventId, OccurredAt, OrderId, "tenant-a"),
        new ShipmentCancelled(EventId, OccurredAt, OrderId, "tenant-a", true),
    ];

    /// <summary>What a message reads back as: the same, with its time cut to the microsecond.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
}
