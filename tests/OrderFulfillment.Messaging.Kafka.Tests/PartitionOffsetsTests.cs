using FluentAssertions;
using OrderFulfillment.Messaging.Kafka.Receiving;

namespace OrderFulfillment.Messaging.Kafka.Tests;

/// <summary>What one partition may commit: never past a record whose handling has not finished.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class PartitionOffsetsTests
{
    private readonly PartitionOffsets _partition = new(Fetched.Partition(0));

    [Test]
    public void Nothing_is_committable_before_a_record_was_fetched()
    {
        _partition.Committable().Should().BeNull();
    }

    [Test]
    public void The_committable_offset_is_the_first_unfinished_record_however_many_finished_after_it()
    {
        Fetched.Records(_partition, "order-1", 10, 11, 12, 13);
        Fetched.Handle(_partition, 10, 12, 13);

        _partition.Committable()!.Offset.Value.Should().Be(11);

        Fetched.Handle(_partition, 11);
        _partition.Committable()!.Offset.Value.Should().Be(14, "with every record finished, the next one to read");
    }

    [Test]
    public void A_record_that_ended_unhandled_holds_the_commits_back()
    {
        Fetched.Records(_partition, "order-1", 0, 1);
        _partition.TryStart(0);
        _partition.Finish(0, handled: false);
        Fetched.Handle(_partition, 1);

        _partition.Committable()!.Offset.Value.Should().Be(0, "a cancelled record goes to the next owner");
    }

    [Test]
    public void An_offset_once_committed_is_not_committable_again()
    {
        Fetched.Records(_partition, "order-1", 0);
        Fetched.Handle(_partition, 0);

        _partition.Committed(1);

        _partition.Committable().Should().BeNull();
    }

    [Test]
    public void After_a_revocation_no_further_record_starts()
    {
        Fetched.Records(_partition, "order-1", 0, 1);
        Fetched.Handle(_partition, 0);

        var drained = _partition.RevokeAndWait(TimeSpan.Zero, TimeSpan.Zero);

        drained.Should().BeFalse("offset 1 was fetched and never finished");
        _partition.TryStart(1).Should().BeFalse();
        _partition.Committable()!.Offset.Value.Should().Be(1);
    }

    [Test]
    public void A_revocation_with_every_fetched_record_finished_reports_the_partition_drained()
    {
        Fetched.Records(_partition, "order-1", 0, 1);
        Fetched.Handle(_partition, 0, 1);

        _partition.RevokeAndWait(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)).Should().BeTrue();
        _partition.Cancelled.IsCancellationRequested.Should().BeTrue("the handlers' token ends with the partition");
    }
}
