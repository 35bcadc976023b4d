using FluentAssertions;

namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed class RebalanceTests
{
    private const int Orders = 30;
    private const int Steps = 20;

    [Test]
    [CancelAfter(180_000)]
    public async Task Members_joining_and_leaving_mid_stream_lose_nothing_and_duplicate_only_around_the_rebalance()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 6);
        var recorder = new Recorder();
        var orders = Enumerable.Range(0, Orders).Select(_ => Guid.NewGuid()).ToList();
        var first = await RecordingService.Start(topic, "rebalance", recorder);
        RiderHost? second = null;
        RiderHost? third = null;
        try
        {
            var producer = first.Producer<OrderStepRecorded>();
            for (var step = 0; step < Steps; step++)
            {
                await Task.WhenAll(orders.Select(o => producer.Produce(new OrderStepRecorded(o, step))));
                if (step == 5)
                {
                    second = await RecordingService.Start(topic, "rebalance", recorder);
                }

                if (step == 12)
                {
                    // The first member leaves while it is still busy with records of every partition it owns.
                    await first.DisposeAsync();
                    third = await RecordingService.Start(topic, "rebalance", recorder);
                    producer = third.Producer<OrderStepRecorded>();
                }
            }

            await Eventually.True(() =>
                recorder.Handled.Select(h => (h.OrderId, h.Sequence)).Distinct().Count() == Orders * Steps,
                TimeSpan.FromSeconds(90), "every message is processed at least once");

            var duplicates = recorder.Handled.Count - (Orders * Steps);
            TestContext.Out.WriteLine(
                $"{recorder.Handled.Count} handled for {Orders * Steps} produced: {duplicates} duplicates");
            duplicates.Should()
                .BeLessThan(Orders * Steps / 4, "duplicates are confined to records in flight during a rebalance");
            foreach (var order in recorder.Handled.GroupBy(h => h.OrderId))
            {
                var firstSeen = order.Select(h => h.Sequence).Distinct().ToList();
                firstSeen.Should().Equal(Enumerable.Range(0, Steps), "each order's steps are first handled in order");
            }
        }
        finally
        {
            foreach (var member in new[] { second, third }.OfType<RiderHost>())
            {
                await member.DisposeAsync();
            }
        }
    }

}
