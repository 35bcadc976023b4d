namespace OrderFulfillment.Orchestrator.Saga;

/// <summary>Where the saga sends its commands and how long each waiting state may last.</summary>
public sealed record OrderSagaOptions
{
    /// <summary>Address of ReserveInventory and ReleaseInventory's topic owners, e.g. <c>topic:inventory.stock.reserve</c>.</summary>
    public required Uri ReserveInventory { get; init; }

    public required Uri ReleaseInventory { get; init; }

    public required Uri ChargePayment { get; init; }

    public required Uri RefundPayment { get; init; }

    public required Uri CreateShipment { get; init; }

    /// <summary>How long the saga waits for the inventory's answer.</summary>
    public TimeSpan ReservationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the saga waits for the payment's outcome.</summary>
    public TimeSpan PaymentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the saga waits for the shipment.</summary>
    public TimeSpan ShipmentTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
