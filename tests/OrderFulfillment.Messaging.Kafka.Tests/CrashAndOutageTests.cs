using FluentAssertions;
using MassTransit;

namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed class CrashAndOutageTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_crash_redelivers_what_was_not_committed_and_nothing_that_was()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 3);
        const string group = "crash";
        var order = Guid.NewGuid();
        var first = new Recorder();
        var held = new TaskCompletionSource();
        var firstHost = await RecordingService.Start(topic, group, first);
        var producer = firstHost.Producer<OrderStepRecorded>();
        for (var sequence = 0; sequence < 10; sequence++)
        {
            await producer.Produce(new OrderStepRecorded(order, sequence));
        }

        await Eventually.True(() => first.Handled.Count == 10, TimeSpan.FromSeconds(30), "the first batch is handled");
        await Eventually.True(() => TopicReader.Committed(topic, group, 3) == 10, TimeSpan.FromSeconds(30),
            "the first batch is committed");

        first.Gate = held.Task;
        for (var sequence = 10; sequence < 20; sequence++)
        {
            await producer.Produce(new OrderStepRecorded(order, sequence));
        }

        await firstHost.Crash();
        held.SetResult();
        await firstHost.DisposeAsync();
        TopicReader.Committed(topic, group, 3).Should().Be(10, "nothing of the second batch finished before the crash");

        var second = new Recorder();
        await using var secondHost = await RecordingService.Start(topic, group, second);
        await Eventually.True(() => second.Handled.Count >= 10, TimeSpan.FromSeconds(60),
            "the uncommitted batch is redelivered");
        second.Handled.Select(h => h.Sequence)
            .Should().Equal(Enumerable.Range(10, 10), "only what was not committed comes again, in order");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_broker_outage_makes_the_endpoint_unhealthy_and_delays_but_loses_nothing()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 3);
        var recorder = new Recorder();
        var order = Guid.NewGuid();
        await using var host = await RecordingService.Start(topic, "outage", recorder);
        var producer = host.Producer<OrderStepRecorded>();
        await producer.Produce(new OrderStepRecorded(order, 0));
        await Eventually.True(() => recorder.Handled.Count == 1, TimeSpan.FromSeconds(30),
            "the first message is handled");

        try
        {
            await KafkaFixture.Cluster.SetBrokerDownAsync(-1);
            await Eventually.True(() => EndpointStatus(host, topic) == BusHealthStatus.Unhealthy,
                TimeSpan.FromSeconds(30), "the endpoint reports it cannot reach the cluster: " + Describe(host));
            var during = Enumerable.Range(1, 5).Select(s => producer.Produce(new OrderStepRecorded(order, s))).ToList();
            await KafkaFixture.Cluster.SetBrokerUpAsync(-1);
            await Task.WhenAll(during);
        }
        finally
        {
            await KafkaFixture.Cluster.SetBrokerUpAsync(-1);
        }

        await Eventually.True(() => recorder.Handled.Count == 6, TimeSpan.FromSeconds(60),
            "every message arrives after the outage");
        recorder.Handled.Select(h => h.Sequence).Should().Equal(Enumerable.Range(0, 6));
        await Eventually.True(() => EndpointStatus(host, topic) == BusHealthStatus.Healthy, TimeSpan.FromSeconds(30),
            "the endpoint recovers by itself");
    }

    private static BusHealthStatus? EndpointStatus(RiderHost host, string topic) =>
        host.Health.Endpoints.Where(e => e.Key.Contains(topic, StringComparison.Ordinal))
            .Select(e => (BusHealthStatus?)e.Value.Status).SingleOrDefault();

    private static string Describe(RiderHost host) =>
        string.Join("; ", host.Health.Endpoints.Select(e => $"{e.Key}={e.Value.Status} {e.Value.Description}"));

}
