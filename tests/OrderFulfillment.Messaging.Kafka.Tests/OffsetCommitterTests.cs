using Confluent.Kafka;
using FluentAssertions;
using OrderFulfillment.Messaging.Kafka.Receiving;

namespace OrderFulfillment.Messaging.Kafka.Tests;

/// <summary>When and what a topic endpoint commits; <see cref="Commits"/> stands in for the consumer.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class OffsetCommitterTests
{
    private readonly ManualClock _clock = new();
    private readonly Commits _commits = new();
    private readonly AssignedPartitions _partitions = new(Fetched.Topic, "offsets");

    [Test]
    public void A_checkpoint_commits_each_partition_up_to_its_first_unfinished_record()
    {
        var committer = Committer();
        _partitions.Assign([Fetched.Partition(0), Fetched.Partition(1)]);
        var first = _partitions.Of(Fetched.Partition(0));
        var second = _partitions.Of(Fetched.Partition(1));
        Fetched.Records(first, "order-1", 0, 1, 2, 3);
        Fetched.Handle(first, 0, 1, 3);
        Fetched.Records(second, "order-2", 7, 8);
        Fetched.Handle(second, 7, 8);

        committer.CommitIfDue(_commits.Commit);
        _commits.Calls.Should().BeEmpty("the checkpoint interval has not passed");

        _clock.Advance(TimeSpan.FromSeconds(1));
        committer.CommitIfDue(_commits.Commit);

        _commits.Offsets.Should().Equal(["0@2,1@9"], "offset 2 is unfinished, so partition 0 stops there");
    }

    [Test]
    public void A_checkpoint_is_due_once_enough_records_were_handled_and_then_waits_for_the_next_batch()
    {
        var committer = Committer(checkpointMessageCount: 2);
        var partition = Assigned(0);
        Fetched.Records(partition, "order-1", 0, 1, 2);
        Fetched.Handle(partition, 0);
        committer.Handled();
        committer.CommitIfDue(_commits.Commit);
        _commits.Calls.Should().BeEmpty("one handled record is below the checkpoint message count");

        Fetched.Handle(partition, 1);
        committer.Handled();
        committer.CommitIfDue(_commits.Commit);
        Fetched.Handle(partition, 2);
        committer.Handled();
        committer.CommitIfDue(_commits.Commit);

        _commits.Offsets.Should().Equal(["0@2"], "the commit starts a new count, and one record is not a batch");
    }

    [Test]
    public void Nothing_is_committed_again_while_no_partition_moved()
    {
        var committer = Committer();
        var partition = Assigned(0);
        Fetched.Records(partition, "order-1", 0, 1);
        Fetched.Handle(partition, 0);

        _clock.Advance(TimeSpan.FromSeconds(1));
        committer.CommitIfDue(_commits.Commit);
        _clock.Advance(TimeSpan.FromSeconds(1));
        committer.CommitIfDue(_commits.Commit);

        _commits.Offsets.Should().Equal(["0@1"], "offset 1 is still unfinished, so there is nothing new to commit");
    }

    [Test]
    public void A_commit_refused_with_a_retriable_error_is_made_again_at_the_next_checkpoint()
    {
        var committer = Committer();
        Finished(0, 0, 1);
        _commits.Refuse(new KafkaException(ErrorCode.RebalanceInProgress));

        _clock.Advance(TimeSpan.FromSeconds(1));
        committer.CommitIfDue(_commits.Commit);
        _clock.Advance(TimeSpan.FromSeconds(1));
        committer.CommitIfDue(_commits.Commit);

        _commits.Offsets.Should().Equal(["0@2", "0@2"], "the refused offset was not counted as committed");
    }

    [Test]
    public void A_commit_refused_for_some_partitions_counts_the_others_as_committed()
    {
        var committer = Committer();
        _partitions.Assign([Fetched.Partition(0), Fetched.Partition(1)]);
        Fetched.Records(_partitions.Of(Fetched.Partition(0)), "order-1", 0);
        Fetched.Handle(_partitions.Of(Fetched.Partition(0)), 0);
        Fetched.Records(_partitions.Of(Fetched.Partition(1)), "order-2", 0);
        Fetched.Handle(_partitions.Of(Fetched.Partition(1)), 0);
        _commits.Refuse(new TopicPartitionOffsetException(
        [
            new TopicPartitionOffsetError(Fetched.Partition(0), 1, new Error(ErrorCode.NoError)),
            new TopicPartitionOffsetError(Fetched.Partition(1), 1, new Error(ErrorCode.RequestTimedOut)),
        ]));

        _clock.Advance(TimeSpan.FromSeconds(1));
        committer.CommitIfDue(_commits.Commit);
        _clock.Advance(TimeSpan.FromSeconds(1));
        committer.CommitIfDue(_commits.Commit);

        _commits.Offsets.Should().Equal(["0@1,1@1", "1@1"]);
    }

    [Test]
    public void A_commit_error_that_is_not_retriable_escapes_to_the_loop()
    {
        var committer = Committer();
        Finished(0, 0);
        _commits.Refuse(new KafkaException(ErrorCode.GroupAuthorizationFailed));
        _clock.Advance(TimeSpan.FromSeconds(1));

        var commit = () => committer.CommitIfDue(_commits.Commit);

        commit.Should().Throw<KafkaException>().Which.Error.Code.Should().Be(ErrorCode.GroupAuthorizationFailed);
    }

    [Test]
    public void A_revoked_partition_is_committed_up_to_what_finished_and_then_released()
    {
        var committer = Committer();
        var revoked = Assigned(0);
        var kept = Assigned(1);
        Fetched.Records(revoked, "order-1", 0, 1, 2);
        Fetched.Handle(revoked, 0, 2);
        revoked.TryStart(1);
        revoked.Finish(1, handled: false); // cancelled: it stays unfinished for the next owner
        Fetched.Records(kept, "order-2", 0);
        Fetched.Handle(kept, 0);

        committer.Revoke(_commits.Commit, [Fetched.Partition(0)]);

        _commits.Offsets.Should().Equal(["0@1"], "only the revoked partition is committed, and not past offset 1");
        _partitions.All.Should().Equal([kept], "a revoked partition is no longer owned");
        revoked.IsRevoked.Should().BeTrue();
    }

    [Test]
    public async Task A_revocation_waits_for_the_running_records_and_commits_them()
    {
        var committer = Committer();
        var partition = Assigned(0);
        Fetched.Records(partition, "order-1", 0);
        partition.TryStart(0);
        var running = Task.Run(async () =>
        {
            // The handler finishes only once the revocation has begun.
            await Task.Delay(Timeout.Infinite, partition.Revoking).ContinueWith(_ => { }, TaskScheduler.Default);
            partition.Finish(0, handled: true);
        });

        committer.Revoke(_commits.Commit, [Fetched.Partition(0)]);
        await running;

        _commits.Offsets.Should().Equal(["0@1"]);
        partition.Cancelled.IsCancellationRequested.Should().BeTrue("no handler of a released partition runs on");
    }

    [Test]
    public async Task A_record_unfinished_at_the_revocation_timeout_is_cancelled_and_left_uncommitted()
    {
        var committer = Committer(revocationTimeout: TimeSpan.Zero);
        var partition = Assigned(0);
        Fetched.Records(partition, "order-1", 0, 1);
        Fetched.Handle(partition, 0);
        partition.TryStart(1);
        var running = Task.Run(async () =>
        {
            await Task.Delay(Timeout.Infinite, partition.Cancelled).ContinueWith(_ => { }, TaskScheduler.Default);
            partition.Finish(1, handled: false);
        });

        committer.Revoke(_commits.Commit, [Fetched.Partition(0)]);
        await running;

        _commits.Offsets.Should().Equal(["0@1"], "offset 1 goes to the next owner");
    }

    [Test]
    public void A_commit_refused_on_revocation_is_tried_five_times_in_all()
    {
        var committer = Committer();
        Finished(0, 0);
        _commits.Refuse([.. Enumerable.Repeat(new KafkaException(ErrorCode.RebalanceInProgress), 6)]);

        committer.Revoke(_commits.Commit, [Fetched.Partition(0)]);

        _commits.Offsets.Should().Equal(Enumerable.Repeat("0@1", 5), "then it settles for at-least-once");
    }

    [Test]
    public void A_commit_refused_on_revocation_stops_being_tried_once_accepted()
    {
        var committer = Committer();
        Finished(0, 0);
        _commits.Refuse(
            new KafkaException(ErrorCode.RebalanceInProgress), new KafkaException(ErrorCode.IllegalGeneration));

        committer.Revoke(_commits.Commit, [Fetched.Partition(0)]);

        _commits.Offsets.Should().Equal(["0@1", "0@1", "0@1"]);
    }

    [Test]
    public void While_leaving_a_revocation_commits_nothing_and_cancels_the_handlers()
    {
        var committer = Committer();
        var partition = Finished(0, 0);

        committer.Leave();
        committer.Revoke(_commits.Commit, [Fetched.Partition(0)]);

        _commits.Calls.Should().BeEmpty();
        partition.Cancelled.IsCancellationRequested.Should().BeTrue();
        _partitions.All.Should().BeEmpty();
    }

    [Test]
    public void After_an_abort_nothing_is_committed_as_after_a_crash()
    {
        var committer = Committer();
        var partition = Finished(0, 0, 1);

        committer.Abort();
        _clock.Advance(TimeSpan.FromSeconds(1));
        committer.CommitIfDue(_commits.Commit);
        committer.CommitBeforeLeaving(_commits.Commit, () => Assert.Fail("an accepted (skipped) commit needs no poll"));
        committer.Revoke(_commits.Commit, [Fetched.Partition(0)]);

        committer.IsAborted.Should().BeTrue();
        _commits.Calls.Should().BeEmpty();
        partition.Cancelled.IsCancellationRequested.Should().BeTrue();
    }

    [Test]
    public void A_lost_partition_is_never_committed()
    {
        var committer = Committer();
        var lost = Finished(0, 0);

        _partitions.Lose([Fetched.Partition(0)]);
        _clock.Advance(TimeSpan.FromSeconds(1));
        committer.CommitIfDue(_commits.Commit);

        _commits.Calls.Should().BeEmpty();
        lost.Cancelled.IsCancellationRequested.Should().BeTrue("its handlers are cancelled at once");
    }

    [Test]
    public void The_final_commit_polls_between_refusals_until_it_is_accepted()
    {
        var committer = Committer();
        Finished(0, 0);
        _commits.Refuse(
            new KafkaException(ErrorCode.RebalanceInProgress), new KafkaException(ErrorCode.RebalanceInProgress));
        var polls = 0;

        committer.CommitBeforeLeaving(_commits.Commit, () => polls++);

        polls.Should().Be(2, "polling lets this member take part in the rebalance");
        _commits.Offsets.Should().Equal(["0@1", "0@1", "0@1"]);
    }

    [Test]
    public void The_final_commit_gives_up_after_the_stop_timeout()
    {
        var committer = Committer();
        var partition = Finished(0, 0);
        _commits.Refuse([.. Enumerable.Repeat(new KafkaException(ErrorCode.RebalanceInProgress), 10)]);

        committer.CommitBeforeLeaving(_commits.Commit, () => _clock.Advance(TimeSpan.FromSeconds(10)));

        _commits.Calls.Should().HaveCount(4, "the stop timeout (30 s) ends after the third poll of 10 s");
    }

    private OffsetCommitter Committer(int checkpointMessageCount = 1_000, TimeSpan? revocationTimeout = null) =>
        new(Fetched.Settings(checkpointMessageCount: checkpointMessageCount, revocationTimeout: revocationTimeout),
            _partitions, _clock);

    /// <summary>An assigned partition whose records at <paramref name="offsets"/> were fetched and handled.</summary>
    private PartitionOffsets Finished(int partition, params long[] offsets)
    {
        var finished = Assigned(partition);
        Fetched.Records(finished, $"order-{partition}", offsets);
        Fetched.Handle(finished, offsets);
        return finished;
    }

    private PartitionOffsets Assigned(int partition)
    {
        _partitions.Assign([Fetched.Partition(partition)]);
        return _partitions.Of(Fetched.Partition(partition));
    }
}
