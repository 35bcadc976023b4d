using MassTransit;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;

namespace OrderFulfillment.Orchestrator.Saga;

/// <summary>
/// Every message the saga sends or publishes, built from the saga row alone with a new message id and the step's time,
/// so the machine's body names what it sends (<c>.Send(_options.ChargePayment, Charge)</c>) as the diagram does.
/// </summary>
public sealed partial class OrderStateMachine
{
    private ReserveInventory Reserve<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        new(NewId.NextGuid(), Now, context.Saga.CorrelationId, context.Saga.TenantId, context.Saga.Lines);

    private ChargePayment Charge<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        new(NewId.NextGuid(), Now, context.Saga.CorrelationId, context.Saga.TenantId, context.Saga.CustomerId,
            context.Saga.TotalUsd);

    private CreateShipment Ship<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        new(NewId.NextGuid(), Now, context.Saga.CorrelationId, context.Saga.TenantId, context.Saga.ShippingAddressId);

    private ReleaseInventory Release<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        new(NewId.NextGuid(), Now, context.Saga.CorrelationId, context.Saga.TenantId);

    private RefundPayment Refund<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        new(NewId.NextGuid(), Now, context.Saga.CorrelationId, context.Saga.TenantId);

    private CancelShipment CancelShipping<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        new(NewId.NextGuid(), Now, context.Saga.CorrelationId, context.Saga.TenantId);

    /// <summary>Published on entering Completed, once <see cref="Complete"/> has set the tracking number.</summary>
    private OrderCompleted CompletedEvent<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        new(NewId.NextGuid(), Now, context.Saga.CorrelationId, context.Saga.TenantId, context.Saga.TotalUsd,
            context.Saga.TrackingNumber!);

    /// <summary>Published on entering Cancelled, after <see cref="Cancel"/> has recorded the reason.</summary>
    private OrderCancelled CancelledEvent<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        new(NewId.NextGuid(), Now, context.Saga.CorrelationId, context.Saga.TenantId, context.Saga.CancellationReason!);
}
