namespace OrderFulfillment.Orchestrator.Saga;

/// <summary>Where the saga sends its commands and how long each waiting state may last.</summary>
public sealed record OrderSagaOptions
{
    /// <summary>
    /// Address of ReserveInventory and ReleaseInventory's topic owners, e.g. <c>topic:inventory.stock.reserve</c>.
    /// </summary>
    public required Uri ReserveInventory { get; init; }

    public required Uri ReleaseInventory { get; init; }

    public required Uri ChargePayment { get; init; }

    public required Uri RefundPayment { get; init; }

    public required Uri CreateShipment { get; init; }

    public required Uri CancelShipment { get; init; }

    /// <summary>How long the saga waits for the inventory's answer (<c>Saga:ReservationTimeout</c>).</summary>
    /// <remarks>
    /// Minutes, not seconds: a worker restarted after a crash may take the group's session timeout plus a rebalance
    /// to consume again, and a broker outage lasts as long as it lasts. A deadline that fires during such a pause
    /// cancels an order that would have completed (docs/saga.md).
    /// </remarks>
    public TimeSpan ReservationTimeout { get; init; } = DefaultReservationTimeout;

    /// <summary>How long the saga waits for the payment's outcome (<c>Saga:PaymentTimeout</c>).</summary>
    public TimeSpan PaymentTimeout { get; init; } = DefaultPaymentTimeout;

    /// <summary>How long the saga waits for the shipment (<c>Saga:ShipmentTimeout</c>).</summary>
    public TimeSpan ShipmentTimeout { get; init; } = DefaultShipmentTimeout;

    public static readonly TimeSpan DefaultReservationTimeout = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultPaymentTimeout = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultShipmentTimeout = TimeSpan.FromMinutes(10);
}
