using FluentAssertions;
using OrderFulfillment.Messaging.Kafka.Receiving;

namespace OrderFulfillment.Messaging.Kafka.Tests;

/// <summary>The partitions an endpoint owns, and what the consumer status and health read from them.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AssignedPartitionsTests
{
    private readonly AssignedPartitions _partitions = new(Fetched.Topic, "offsets");

    [Test]
    public void The_status_of_a_held_back_partition_names_the_record_its_commits_wait_for()
    {
        var partition = Assigned(3);
        Fetched.Records(partition, "order-1", 5, 6, 7);
        partition.TryStart(5);
        partition.Failed(5, new InvalidOperationException("poison"));
        partition.Retrying(5);
        Fetched.Handle(partition, 6, 7);

        var status = _partitions.Status(p => p == 3 ? new PartitionStatistics(5, 0, 8, 3) : null).Single();

        status.Should().BeEquivalentTo(new
        {
            GroupId = "offsets", Topic = Fetched.Topic, Partition = 3, CommittedOffset = 5L, Position = 8L,
            HighWatermark = 8L, Lag = 3L, Pending = 1,
        });
        status.OldestPending.Should().BeEquivalentTo(new
        {
            Key = "order-1", Offset = 5L, Attempts = 2, LastErrorType = typeof(InvalidOperationException).FullName,
            LastErrorMessage = "poison",
        });
        status.OldestPending!.AgeSeconds.Should().BeGreaterThanOrEqualTo(0);
    }

    [Test]
    public void The_committed_offset_is_this_members_own_commit_when_the_statistics_are_older()
    {
        var partition = Assigned(0);
        Fetched.Records(partition, "order-1", 5, 6, 7);
        Fetched.Handle(partition, 5, 6, 7);
        partition.Committed(8);

        var status = _partitions.Status(_ => new PartitionStatistics(5, 0, 8, 3)).Single();

        status.CommittedOffset.Should().Be(8);
        status.Lag.Should().Be(0);
        status.Pending.Should().Be(0);
        status.OldestPending.Should().BeNull();
    }

    [Test]
    public void With_nothing_committed_the_lag_counts_from_the_low_watermark()
    {
        Assigned(0);

        var status = _partitions.Status(_ => new PartitionStatistics(-1, 2, 10, -1)).Single();

        status.CommittedOffset.Should().BeNull();
        status.Position.Should().BeNull("nothing was fetched since the assignment");
        status.Lag.Should().Be(8);
    }

    [Test]
    public void Before_any_statistics_the_offsets_of_the_cluster_are_unknown()
    {
        Assigned(1);
        Assigned(0);

        var status = _partitions.Status(_ => null).ToList();

        status.Select(s => s.Partition).Should().Equal([0, 1], "partitions are listed in order");
        status.Should().AllSatisfy(s =>
        {
            s.CommittedOffset.Should().BeNull();
            s.HighWatermark.Should().BeNull();
            s.Lag.Should().BeNull();
        });
    }

    [Test]
    public void The_oldest_pending_record_is_the_one_fetched_first_across_partitions()
    {
        var older = Assigned(1);
        var newer = Assigned(0);
        _partitions.OldestPending().Should().BeNull("nothing is pending");

        Fetched.Records(older, "order-1", 40);
        // Each partition's age is read a moment after the previous one's, so the fetches lie further apart.
        Thread.Sleep(50);
        Fetched.Records(newer, "order-2", 3);

        var oldest = _partitions.OldestPending();
        oldest.Should().NotBeNull();
        oldest!.Value.Partition.Should().Be(Fetched.Partition(1));
        oldest.Value.Offset.Should().Be(40);
    }

    [Test]
    public void The_pending_age_metric_has_one_measurement_per_partition_and_zero_when_nothing_waits()
    {
        var waiting = Assigned(0);
        Assigned(1);
        Fetched.Records(waiting, "order-1", 0);

        var measurements = _partitions.PendingAgeMeasurements().ToList();

        measurements.Should().HaveCount(2);
        measurements.Single(m => m.Tags.ToArray().Contains(new("partition", 1))).Value.Should().Be(0);
        measurements.Should().AllSatisfy(m => m.Tags.ToArray().Should().Contain(new KeyValuePair<string, object?>(
            "group", "offsets")));
    }

    [Test]
    public void A_partition_assigned_again_starts_its_bookkeeping_afresh()
    {
        var before = Assigned(0);
        Fetched.Records(before, "order-1", 0);

        var after = Assigned(0);

        after.Should().NotBeSameAs(before);
        _partitions.Status(_ => null).Single().Position.Should().BeNull();
    }

    [Test]
    public void Lost_partitions_are_dropped_and_their_handlers_cancelled()
    {
        var lost = Assigned(0);
        var kept = Assigned(1);

        _partitions.Lose([Fetched.Partition(0)]);

        lost.Cancelled.IsCancellationRequested.Should().BeTrue();
        lost.IsRevoked.Should().BeTrue("no further record of it may start");
        _partitions.All.Should().Equal([kept]);

        _partitions.LoseAll();

        kept.Cancelled.IsCancellationRequested.Should().BeTrue();
        _partitions.All.Should().BeEmpty();
    }

    private PartitionOffsets Assigned(int partition)
    {
        _partitions.Assign([Fetched.Partition(partition)]);
        return _partitions.Of(Fetched.Partition(partition));
    }
}
