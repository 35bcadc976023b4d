using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Orchestrator.Tests.Deadlines;

/// <summary>
/// The deadline sweeper on PostgreSQL and the embedded Kafka. The tests share the cluster's reply topics and the
/// orchestrator's groups on them, so each starts from "every reply so far consumed" and they do not run in parallel.
/// </summary>
[NonParallelizable]
public sealed class DeadlineSweeperTests
{
    private SweeperHost _orchestrator = null!;

    [SetUp]
    public async Task Start()
    {
        ReplyTopics.ConsumeAll();
        _orchestrator = await SweeperHost.Start();
    }

    [TearDown]
    public async Task Stop() => await _orchestrator.DisposeAsync();

    [Test]
    [CancelAfter(120_000)]
    public async Task A_reply_sitting_unread_holds_a_due_deadline_until_the_orchestrator_has_committed_past_it()
    {
        using var gauges = _orchestrator.Gauges();
        var order = await _orchestrator.WaitingSaga(ago: TimeSpan.FromSeconds(5), version: 1);
        var deadlineAt = (await _orchestrator.Saga(order)).DeadlineAt;
        var reply = await ReplyTopics.Produce(Topics.InventoryReserved.Name, order);

        (await _orchestrator.Sweeper.SweepOnce(CancellationToken.None))
            .Should().Be(0, "the reservation may be the reply that saves the order");
        _orchestrator.Time.Advance(TimeSpan.FromSeconds(40));
        ReplyTopics.Commit(reply.Topic, reply.Partition, reply.Offset);
        (await _orchestrator.Sweeper.SweepOnce(CancellationToken.None))
            .Should().Be(0, "the group has committed up to the reply, not past it");
        (await _orchestrator.Saga(order)).DeadlineAt.Should().Be(deadlineAt);
        (await _orchestrator.DeadlinesInOutbox(order)).Should().BeEmpty();
        gauges["held"].Should().Be(40, "the wait is visible");
        gauges["reply_lag"].Should().Be(1);
        gauges["reply_lag_partitions"].Should().Be(1);

        ReplyTopics.Commit(reply.Topic, reply.Partition, reply.Offset + 1);
        (await _orchestrator.Sweeper.SweepOnce(CancellationToken.None))
            .Should().Be(1, "every reply produced before the deadline was found due is consumed");

        (await _orchestrator.DeadlinesInOutbox(order)).Should().ContainSingle();
        gauges["held"].Should().Be(0);
        gauges["reply_lag_partitions"].Should().Be(0);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Replies_produced_after_the_snapshot_do_not_hold_deadlines_that_were_due_at_it()
    {
        var order = await _orchestrator.WaitingSaga(ago: TimeSpan.FromSeconds(5), version: 1);
        var before = await ReplyTopics.Produce(Topics.PaymentCharged.Name, order);
        (await _orchestrator.Sweeper.SweepOnce(CancellationToken.None)).Should().Be(0);

        // Under load the topic never stops growing; the snapshot stays where it was, so the deadline still fires.
        var after = await ReplyTopics.Produce(Topics.PaymentCharged.Name, order);
        after.Partition.Should().Be(before.Partition, "same key, same partition");
        ReplyTopics.Commit(before.Topic, before.Partition, before.Offset + 1);

        (await _orchestrator.Sweeper.SweepOnce(CancellationToken.None)).Should().Be(1);
    }

    /// <summary>
    /// A handed-over deadline is rearmed and handed over again with the same saga version if the saga never acts.
    /// </summary>
    [Test]
    [CancelAfter(120_000)]
    public async Task A_handed_over_deadline_is_rearmed_and_handed_over_again_with_its_version_if_the_saga_never_acts()
    {
        var order = await _orchestrator.WaitingSaga(ago: TimeSpan.FromSeconds(5), version: 4);

        (await _orchestrator.Sweeper.SweepOnce(CancellationToken.None)).Should().Be(1);
        var saga = await _orchestrator.Saga(order);
        saga.DeadlineAt.Should()
            .Be(_orchestrator.Time.GetUtcNow() + SweeperHost.RearmInterval, "re-armed, not cleared");
        saga.DeadlineVersion.Should().Be(4);
        saga.CurrentState.Should().Be("Placed");

        // The OrderDeadlinePassed is lost or dead-lettered: nothing consumes it here.
        _orchestrator.Time.Advance(SweeperHost.RearmInterval / 2);
        (await _orchestrator.Sweeper.SweepOnce(CancellationToken.None))
            .Should().Be(0, "the re-armed deadline has not passed yet");
        _orchestrator.Time.Advance(SweeperHost.RearmInterval / 2);
        (await _orchestrator.Sweeper.SweepOnce(CancellationToken.None))
            .Should().Be(1, "the saga is still waiting once the re-arm interval has passed");

        var handedOver = await _orchestrator.DeadlinesInOutbox(order);
        handedOver.Should().HaveCount(2);
        handedOver.Select(DeadlineVersion)
            .Should().AllBeEquivalentTo(4, "a repeat names the same deadline, so the saga acts on it once");
        handedOver.Select(m => m.MessageId).Should().OnlyHaveUniqueItems();
        (await _orchestrator.Saga(order)).DeadlineAt.Should()
            .Be(_orchestrator.Time.GetUtcNow() + SweeperHost.RearmInterval);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_saga_that_has_moved_to_a_later_deadline_is_not_handed_over()
    {
        var order = await _orchestrator.WaitingSaga(ago: TimeSpan.FromSeconds(5), version: 1);
        await using (var db = _orchestrator.Open())
        {
            var saga = await db.Sagas.FindAsync(order);
            saga!.DeadlineAt = _orchestrator.Time.GetUtcNow() + TimeSpan.FromMinutes(5);
            saga.DeadlineVersion = 2;
            await db.SaveChangesAsync();
        }

        (await _orchestrator.Sweeper.SweepOnce(CancellationToken.None)).Should().Be(0);
        (await _orchestrator.DeadlinesInOutbox(order)).Should().BeEmpty();
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Two_orchestrators_sweeping_one_database_at_once_hand_each_due_deadline_over_exactly_once()
    {
        // Two replicas: two hosts on one database, with small batches so that their transactions interleave.
        await using var first = await SweeperHost.Start(batchSize: 10);
        await using var second = await SweeperHost.Start(first.ConnectionString, batchSize: 10);
        var orders = await first.WaitingSagas(600, ago: TimeSpan.FromSeconds(5), version: 1);

        var handedOver = await Task.WhenAll(
            Task.Run(() => first.Sweeper.SweepOnce(CancellationToken.None)),
            Task.Run(() => second.Sweeper.SweepOnce(CancellationToken.None)));

        TestContext.Out.WriteLine($"handed over by each: {string.Join(", ", handedOver)}");
        handedOver.Should().OnlyContain(n => n > 0, "both swept at once, so the test saw them compete");
        handedOver.Sum().Should().Be(orders.Count, "together they handed over every due deadline, none twice");
        var byOrder = await first.DeadlinesInOutboxByOrder();
        byOrder.Keys.Should().BeEquivalentTo(orders.Select(o => o.ToString()));
        byOrder.Values.Should()
            .OnlyContain(count => count == 1, "a deadline one sweeper has locked or re-armed is skipped by the other");
        // Re-armed by whichever handed it over: neither hands any of them over again before the re-arm interval.
        (await first.Sweeper.SweepOnce(CancellationToken.None)).Should().Be(0);
        (await second.Sweeper.SweepOnce(CancellationToken.None)).Should().Be(0);
    }

    private static int DeadlineVersion(OutboxMessage message)
    {
        return TestSchemaRegistry.Json(message.Value).GetProperty("deadlineVersion").GetInt32();
    }
}
