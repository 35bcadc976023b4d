using MassTransit;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.Orchestrator.Saga;

/// <summary>One order's saga: where it is, what it needs to compensate, and its current deadline.</summary>
public sealed class OrderState : SagaStateMachineInstance
{
    /// <summary>The order id.</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>Name of the current state.</summary>
    public string CurrentState { get; set; } = string.Empty;

    public string TenantId { get; set; } = string.Empty;

    public string CustomerId { get; set; } = string.Empty;

    public string ShippingAddressId { get; set; } = string.Empty;

    public List<OrderLine> Lines { get; set; } = [];

    public decimal TotalUsd { get; set; }

    /// <summary>The customer's own reference for the order (OrderPlaced v2); null when none was given.</summary>
    public string? CustomerReference { get; set; }

    /// <summary>
    /// out_of_stock, payment_failed, timeout, customer_requested or operator_requested, once cancelled.
    /// </summary>
    public string? CancellationReason { get; set; }

    public string? TrackingNumber { get; set; }

    public DateTimeOffset PlacedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the order entered its current state (set with every transition's journal entry).</summary>
    public DateTimeOffset StateEnteredAt { get; set; }

    /// <summary>When the current waiting state gives up; null in terminal states.</summary>
    public DateTimeOffset? DeadlineAt { get; set; }

    /// <summary>Messages that arrived in a state that does not expect them (duplicates, stragglers).</summary>
    public int IgnoredEvents { get; set; }

    public string? LastIgnoredEvent { get; set; }

    /// <summary>
    /// When shipping confirmed that the order will not ship (ShipmentCancelled), after the saga cancelled an order
    /// whose CreateShipment had been sent; null otherwise.
    /// </summary>
    public DateTimeOffset? ShipmentCancelledAt { get; set; }

    /// <summary>Bumped with every new deadline, so a sweep for an older one is recognised and ignored.</summary>
    public int DeadlineVersion { get; set; }
}
