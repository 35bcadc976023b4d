using Confluent.Kafka;
using FluentAssertions;
using MassTransit;
using OrderFulfillment.Messaging.Kafka.Configuration;

namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed class BackpressureTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Keys_retrying_forever_do_not_hold_the_concurrency_other_keys_need()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 2);
        var failing = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var thrower = new Thrower
        {
            Failure = m => failing.Contains(m.OrderId) ? new TimeoutException("The database did not answer in time.")
                : null,
        };
        await using var host = await DeadLetterReasonTests.StartThrowing(topic, thrower, e =>
        {
            e.ConcurrentMessageLimit = 2;
            e.UseMessageRetry(r =>
            {
                r.Interval(100_000, TimeSpan.FromMilliseconds(100)); // for this test, forever
                r.ReleaseConcurrencyWhileWaiting();
            });
        });
        var producer = host.Producer<OrderStepRecorded>();
        foreach (var order in failing)
        {
            await producer.Produce(new OrderStepRecorded(order, 0));
        }

        var healthy = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        foreach (var order in healthy)
        {
            await producer.Produce(new OrderStepRecorded(order, 0));
        }

        await Eventually.True(() => thrower.Handled.Count == healthy.Count, TimeSpan.FromSeconds(60),
            "the other keys are handled while as many keys as the concurrency limit keep retrying");
    }

    /// <summary>
    /// A record kept pending by a transient failure shows its age, degrades the endpoint's health and lets other
    /// keys pass.
    /// </summary>
    [Test]
    [CancelAfter(180_000)]
    public async Task A_transiently_failing_record_shows_its_age_degrades_the_endpoint_and_lets_other_keys_pass()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 1);
        var poisoned = Guid.NewGuid();
        var thrower =
            new Thrower { Failure = m => m.OrderId == poisoned ? new InvalidOperationException("poison") : null };
        using var age = new MetricProbe(KafkaTelemetry.Name, "kafka.consumer.pending.age", "topic");
        await using var host = await DeadLetterReasonTests.StartThrowing(topic, thrower,
            e =>
            {
                e.ConcurrentMessageLimit = 1;
                e.PendingAgeThreshold = TimeSpan.FromSeconds(2);
            },
            k => k.ConfigureProducer(p => p.MessageTimeoutMs = 1000));
        var producer = host.Producer<OrderStepRecorded>();

        // The dead-letter topic has no leader: every dead-letter produce times out, a transient failure.
        await KafkaFixture.Cluster.SetTopicErrorAsync(topic + ".dlq", ErrorCode.LeaderNotAvailable);
        try
        {
            await producer.Produce(new OrderStepRecorded(poisoned, 0));
            var others = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
            foreach (var order in others)
            {
                await producer.Produce(new OrderStepRecorded(order, 0));
            }

            await Eventually.True(() => thrower.Handled.Count == others.Count, TimeSpan.FromSeconds(60),
                "other keys pass while the pending record waits between attempts");
            await Eventually.True(() => age.Last(topic) > 2, TimeSpan.FromSeconds(60), "the pending age grows");
            await Eventually.True(() => EndpointStatus(host, topic) == BusHealthStatus.Degraded,
                TimeSpan.FromSeconds(30), "the endpoint is degraded past the threshold");
            Endpoint(host, topic).Description.Should().Contain($"{topic}[0]@0");
            TopicReader.Committed(topic, "throwing", 1).Should().Be(0, "the commit cannot pass the pending record");
        }
        finally
        {
            await KafkaFixture.Cluster.SetTopicErrorAsync(topic + ".dlq", ErrorCode.NoError);
        }

        await Eventually.True(() => TopicReader.Committed(topic, "throwing", 1) == 4, TimeSpan.FromSeconds(90),
            "once the dead-letter topic is back, the record is dead-lettered and everything committed");
        await Eventually.True(() => EndpointStatus(host, topic) == BusHealthStatus.Healthy, TimeSpan.FromSeconds(30),
            "the endpoint is healthy again");
        age.Last(topic).Should().Be(0);
    }

    private static BusHealthStatus EndpointStatus(RiderHost host, string topic) => Endpoint(host, topic).Status;

    private static EndpointHealthResult Endpoint(RiderHost host, string topic) =>
        host.Health.Endpoints.Single(e => e.Key.Contains(topic, StringComparison.Ordinal)).Value;
}
