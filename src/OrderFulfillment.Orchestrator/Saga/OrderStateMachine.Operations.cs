using MassTransit;
using OrderFulfillment.Contracts.Orders;

namespace OrderFulfillment.Orchestrator.Saga;

/// <summary>
/// Operators' actions on a waiting order. Each is a command on the orchestrator's own topic, so it is ordered with the
/// workers' replies by the row lock, and acted on only if the order is still where the operator saw it: otherwise it is
/// ignored and journaled as such. Neither moves the order, so neither is a transition of the graph.
/// </summary>
public sealed partial class OrderStateMachine
{
    private void OperatorActions()
    {
        // Each state re-sends the command it was entered with, built from the saga as then, with a new message id:
        // a worker's inbox would drop a re-sent id it has handled, and its reply is what is missing. Every worker
        // answers a repeated command for an order with the decision it recorded, so a second one does no more.
        During(Placed, RetryWith(_options.ReserveInventory, Reserve));
        During(InventoryReserved, PaymentCharging, RetryWith(_options.ChargePayment, Charge));
        During(AwaitingShipment, RetryWith(_options.CreateShipment, Ship));

        During(Placed, InventoryReserved, PaymentCharging, AwaitingShipment,
            When(DeadlineExtensionRequested)
                .IfElse(IsExtendedDeadlineCurrent, extend =>
                    extend.Then(c => MoveDeadline(c.Saga, c.Message.DeadlineAt)), stale => stale.Then(Ignore)));
    }

    // The factory's own delegate type: given a Func, Send would take the delegate for the message to send.
    // One binder with both branches: two filtered binders would test the second filter after the first one's changes.
    private EventActivityBinder<OrderState, RetryOrderStep> RetryWith<TCommand>(Uri destination,
        EventMessageFactory<OrderState, RetryOrderStep, TCommand> command)
        where TCommand : class =>
        When(RetryRequested)
            .IfElse(IsStillInRetriedState, retry => retry.Send(destination, command).Then(Touch),
                stale => stale.Then(Ignore));

    private static bool IsStillInRetriedState(BehaviorContext<OrderState, RetryOrderStep> context) =>
        context.Message.State == context.Saga.CurrentState;

    private static bool IsExtendedDeadlineCurrent(BehaviorContext<OrderState, ExtendOrderDeadline> context) =>
        context.Message.DeadlineVersion == context.Saga.DeadlineVersion;

    /// <summary>
    /// A new version, so a sweep of the old deadline that is already on its way is recognised as stale.
    /// </summary>
    private void MoveDeadline(OrderState saga, DateTimeOffset deadlineAt)
    {
        saga.DeadlineAt = deadlineAt;
        saga.DeadlineVersion++;
        saga.UpdatedAt = Now;
    }

    /// <summary>
    /// An action that came too late for the state it was meant for: counted, and so journaled, as ignored.
    /// </summary>
    private static void Ignore<T>(BehaviorContext<OrderState, T> context)
        where T : class
    {
        context.Saga.IgnoredEvents++;
        context.Saga.LastIgnoredEvent = context.Event.Name;
    }
}
