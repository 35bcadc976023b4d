using MassTransit;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Contracts.Shipping;

namespace OrderFulfillment.Orchestrator.Saga;

public sealed partial class OrderStateMachine
{
    private DateTimeOffset Now => _time.GetUtcNow();

    private void Accept(BehaviorContext<OrderState, OrderPlaced> context)
    {
        var (saga, message) = (context.Saga, context.Message);
        saga.TenantId = message.TenantId;
        saga.CustomerId = message.CustomerId;
        saga.ShippingAddressId = message.ShippingAddressId;
        saga.Lines = [.. message.Lines];
        saga.CustomerReference = message.CustomerReference;
        saga.TotalUsd = message.Lines.Sum(l => l.Quantity * l.UnitPriceUsd);
        saga.PlacedAt = message.OccurredAt;
        saga.UpdatedAt = Now;
    }

    /// <summary>A CancelOrder ahead of OrderPlaced gives the tenant; the OrderPlaced brings the rest.</summary>
    private static void TakeTenant(BehaviorContext<OrderState, CancelOrder> context) =>
        context.Saga.TenantId = context.Message.TenantId;

    private void SetDeadline(OrderState saga, TimeSpan timeout)
    {
        saga.DeadlineAt = Now + timeout;
        saga.DeadlineVersion++;
        saga.UpdatedAt = Now;
    }

    private void Cancel(OrderState saga, string reason)
    {
        saga.CancellationReason = reason;
        saga.DeadlineAt = null;
        saga.UpdatedAt = Now;
    }

    private void Touch<T>(BehaviorContext<OrderState, T> context)
        where T : class =>
        context.Saga.UpdatedAt = Now;

    private void Complete(OrderState saga, string trackingNumber)
    {
        saga.TrackingNumber = trackingNumber;
        saga.DeadlineAt = null;
        saga.UpdatedAt = Now;
    }

    /// <summary>
    /// Replies correlate by order id. One for an order this orchestrator never saw cannot be acted on, and faulting
    /// would block its partition, so it is discarded.
    /// </summary>
    private static void Reply<T>(IEventCorrelationConfigurator<OrderState, T> correlation)
        where T : class, IOrderMessage
    {
        correlation.CorrelateById(m => m.Message.OrderId);
        correlation.OnMissingInstance(m => m.Discard());
    }

    private static Task RecordIgnored(UnhandledEventContext<OrderState> context)
    {
        context.Saga.IgnoredEvents++;
        context.Saga.LastIgnoredEvent = context.Event.Name;
        return Task.CompletedTask;
    }

    private static bool IsCurrentDeadline(BehaviorContext<OrderState, OrderDeadlinePassed> context) =>
        context.Message.DeadlineVersion == context.Saga.DeadlineVersion;

    private void RecordShipmentCancelled(BehaviorContext<OrderState, ShipmentCancelled> context)
    {
        context.Saga.ShipmentCancelledAt ??= context.Message.OccurredAt;
        context.Saga.UpdatedAt = Now;
    }
}
