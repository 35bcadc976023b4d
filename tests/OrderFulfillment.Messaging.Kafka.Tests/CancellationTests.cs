using System.Diagnostics;
using FluentAssertions;

namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed class CancellationTests
{
    /// <summary>
    /// A handler stuck until it is cancelled is cancelled when the endpoint stops, and its record stays uncommitted.
    /// </summary>
    [Test]
    [CancelAfter(120_000)]
    public async Task A_stuck_handler_is_cancelled_when_the_endpoint_stops_and_its_record_stays_uncommitted()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 1);
        var stuck = new Stuck { Hold = true };
        var host = await StuckService.Start(topic, "stopping", stuck);
        await StuckService.ProduceTo(topic, 0, 1);
        await Eventually.True(() => stuck.Started.Count == 1, TimeSpan.FromSeconds(30), "the handler starts");

        // Without cancellation the stop would wait out its 30 s for the handler.
        var stopping = Stopwatch.StartNew();
        await host.DisposeAsync();
        stopping.Elapsed.Should()
            .BeLessThan(TimeSpan.FromSeconds(15), "the stop cancels the handler instead of waiting for it");
        stuck.Cancelled.Should().Equal([1], "the handler saw its token cancelled");
        TopicReader.Committed(topic, "stopping", 1)
            .Should().Be(0, "a cancelled record is not finished, so it is not committed");
    }

    /// <summary>
    /// A handler stuck until it is cancelled is cancelled when its partition is revoked, and the record moves on to
    /// the new owner.
    /// </summary>
    [Test]
    [CancelAfter(180_000)]
    public async Task A_stuck_handler_is_cancelled_when_its_partition_is_revoked_and_the_record_moves_on()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 2);
        const string group = "revoking";
        var first = new Stuck { Hold = true };
        await using var firstHost =
            await StuckService.Start(topic, group, first, e => e.RevocationTimeout = TimeSpan.FromSeconds(1));
        await StuckService.ProduceTo(topic, 0, 0);
        await StuckService.ProduceTo(topic, 1, 1);
        await Eventually.True(() => first.Started.Count == 2, TimeSpan.FromSeconds(30),
            "both partitions' records are stuck in the first member");

        // A second member joins: one of the two partitions is revoked from the first.
        var second = new Stuck();
        await using var secondHost = await StuckService.Start(topic, group, second);
        await Eventually.True(() => !first.Cancelled.IsEmpty, TimeSpan.FromSeconds(60),
            "the revoked partition's handler is cancelled");
        var moved = first.Cancelled.Single();
        await Eventually.True(() => second.Completed.Contains(moved), TimeSpan.FromSeconds(60),
            "the new owner handles the record the first gave up");
        first.Cancelled.Should().Equal([moved], "the handler of the partition kept is not cancelled");
        await Eventually.True(() => TopicReader.Committed(topic, group, 2) == 1, TimeSpan.FromSeconds(30),
            "only the moved record is committed");
    }
}
