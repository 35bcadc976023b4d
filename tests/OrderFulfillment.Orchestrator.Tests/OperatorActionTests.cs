using FluentAssertions;
using MassTransit.Testing;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests;

/// <summary>
/// RetryOrderStep and ExtendOrderDeadline in every state: a waiting order still where the operator saw it re-sends its
/// command or moves its deadline; anywhere else the request is ignored and counted, and nothing is sent.
/// </summary>
public sealed class OperatorActionTests
{
    [TestCase("Placed", typeof(ReserveInventory))]
    [TestCase("InventoryReserved", typeof(ChargePayment))]
    [TestCase("PaymentCharging", typeof(ChargePayment))]
    [TestCase("AwaitingShipment", typeof(CreateShipment))]
    public async Task A_retry_re_sends_the_command_the_state_was_entered_with_under_a_new_message_id(string state,
        Type command)
    {
        await using var order = await OrderSagaHarness.Start();
        await CustomerCancellationTests.Reach(order, state);
        var before = await Snapshot(order);

        await order.RetryRequested(state);

        var sent = Sent(order, command);
        sent.Should().HaveCount(2, "the original and the retry");
        sent[1].MessageId.Should().NotBe(sent[0].MessageId!.Value,
            "a worker's inbox drops a message id it has handled, and its reply is what is missing");
        ((IOrderMessage)sent[1].Message).EventId.Should().NotBe(((IOrderMessage)sent[0].Message).EventId);
        sent[1].Message.Should().BeEquivalentTo(sent[0].Message,
            o => o.Excluding(m => ((IOrderMessage)m).EventId).Excluding(m => ((IOrderMessage)m).OccurredAt),
            "the same command as the saga then built");
        var after = await order.Instance();
        (after.CurrentState, after.DeadlineAt, after.DeadlineVersion, after.IgnoredEvents)
            .Should().Be(before, "a retry moves nothing");
    }

    [Test]
    public async Task A_retry_for_a_state_the_order_has_left_is_ignored_and_sends_nothing()
    {
        await using var order = await OrderSagaHarness.Start();
        await CustomerCancellationTests.Reach(order, "InventoryReserved");

        await order.RetryRequested("Placed");

        order.SentCount<ReserveInventory>().Should().Be(1);
        order.SentCount<ChargePayment>().Should().Be(1);
        (await order.Instance())
            .Should().Match<OrderState>(s => s.CurrentState == "InventoryReserved" && s.IgnoredEvents == 1
            && s.LastIgnoredEvent == nameof(OrderStateMachine.RetryRequested));
    }

    [TestCase("Completed")]
    [TestCase("Cancelled")]
    public async Task A_finished_order_ignores_a_retry_and_an_extension(string state)
    {
        await using var order = await Finished(state);
        var sentBefore = order.Harness.Sent.Select<IOrderMessage>(Now).Count();

        await order.RetryRequested(state);
        await order.DeadlineExtended(DateTimeOffset.UtcNow.AddHours(1));

        var saga = await order.Instance();
        saga.Should().Match<OrderState>(s => s.CurrentState == state && s.DeadlineAt == null && s.IgnoredEvents == 2);
        order.Harness.Sent.Select<IOrderMessage>(Now).Count().Should().Be(sentBefore);
    }

    [TestCase("Placed")]
    [TestCase("InventoryReserved")]
    [TestCase("PaymentCharging")]
    [TestCase("AwaitingShipment")]
    public async Task An_extension_moves_the_deadline_under_a_new_version_so_the_old_ones_sweep_is_ignored(string state)
    {
        await using var order = await OrderSagaHarness.Start();
        await CustomerCancellationTests.Reach(order, state);
        var old = await order.Instance();
        var (oldVersion, later) = (old.DeadlineVersion, old.DeadlineAt!.Value.AddHours(2));

        await order.DeadlineExtended(later);

        var extended = await order.Instance();
        extended.Should().Match<OrderState>(s => s.CurrentState == state && s.DeadlineAt == later
            && s.DeadlineVersion == oldVersion + 1
            && s.IgnoredEvents == 0);
        await order.DeadlinePasses(oldVersion);
        (await order.Instance()).CurrentState.Should()
            .Be(state, "the sweep of the deadline that was extended is stale");
        await order.DeadlinePasses();
        (await order.InState(order.Machine.Cancelled)).CancellationReason.Should()
            .Be(CancellationReasons.Timeout, "the new deadline still counts");
    }

    [Test]
    public async Task An_extension_of_a_deadline_that_was_replaced_meanwhile_is_ignored()
    {
        await using var order = await OrderSagaHarness.Start();
        await CustomerCancellationTests.Reach(order, "Placed");
        var seen = (await order.Instance()).DeadlineVersion;
        await order.Reserved();
        var current = await order.Instance();

        await order.DeadlineExtended(DateTimeOffset.UtcNow.AddDays(1), seen);

        (await order.Instance()).Should()
            .Match<OrderState>(s => s.DeadlineAt == current.DeadlineAt && s.DeadlineVersion == current.DeadlineVersion
            && s.IgnoredEvents == 1);
    }

    private static async Task<OrderSagaHarness> Finished(string state)
    {
        var order = await OrderSagaHarness.Start();
        if (state == "Completed")
        {
            await CustomerCancellationTests.Reach(order, "AwaitingShipment");
            await order.Shipped();
        }
        else
        {
            await order.Place();
            await order.OutOfStock();
        }

        (await order.Instance()).CurrentState.Should().Be(state);
        return order;
    }

    private static async Task<(string, DateTimeOffset?, int, int)> Snapshot(OrderSagaHarness order)
    {
        var saga = await order.Instance();
        return (saga.CurrentState, saga.DeadlineAt, saga.DeadlineVersion, saga.IgnoredEvents);
    }

    private static List<(Guid? MessageId, object Message)> Sent(OrderSagaHarness order, Type command) =>
        [.. order.Harness.Sent.Select(m => m.MessageType == command
            && ((IOrderMessage)m.MessageObject).OrderId == order.OrderId, Now)
            .Select(m => (m.Context.MessageId, m.MessageObject))];

    private static CancellationToken Now => new(canceled: true);
}
