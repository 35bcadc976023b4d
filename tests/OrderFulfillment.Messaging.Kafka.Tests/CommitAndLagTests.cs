using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using OrderFulfillment.EmbeddedKafka;

namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed class CommitAndLagTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Commits_refused_while_the_group_rebalances_are_retried_until_they_succeed()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 1);
        var recorder = new Recorder();
        await using var host = await RecordingService.Start(topic, "commit-retry", recorder);
        await KafkaFixture.Cluster.PushRequestErrorsAsync(KafkaApiKey.OffsetCommit,
            [ErrorCode.RebalanceInProgress, ErrorCode.RebalanceInProgress, ErrorCode.RequestTimedOut]);

        var producer = host.Producer<OrderStepRecorded>();
        var order = Guid.NewGuid();
        for (var step = 0; step < 10; step++)
        {
            await producer.Produce(new OrderStepRecorded(order, step));
        }

        await Eventually.True(() => recorder.Handled.Count == 10, TimeSpan.FromSeconds(30), "every message is handled");
        await Eventually.True(() => TopicReader.Committed(topic, "commit-retry", 1) == 10, TimeSpan.FromSeconds(30),
            "the offsets are committed once the coordinator accepts commits again");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Consumer_lag_per_partition_is_exported_as_a_metric()
    {
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions: 1);
        var lag = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KafkaTelemetry.Name && instrument.Name == "kafka.consumer.lag")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "topic" && (string?)tag.Value == topic)
                {
                    lag[topic] = value;
                }
            }
        });
        listener.Start();

        var held = new TaskCompletionSource();
        var recorder = new Recorder { Gate = held.Task };
        await using var host = await RecordingService.Start(topic, "lag", recorder);
        var producer = host.Producer<OrderStepRecorded>();
        for (var step = 0; step < 1500; step++)
        {
            await producer.Produce(new OrderStepRecorded(Guid.NewGuid(), step));
        }

        // With handling held, the endpoint buffers at most PrefetchCount (1,000) records: the rest is lag.
        await Eventually.True(() =>
            { listener.RecordObservableInstruments(); return lag.GetValueOrDefault(topic) > 0; },
            TimeSpan.FromSeconds(30), "lag shows the records not yet consumed");
        held.SetResult();
        await Eventually.True(() => { listener.RecordObservableInstruments(); return recorder.Handled.Count == 1500
            && lag.GetValueOrDefault(topic) == 0; },
            TimeSpan.FromSeconds(60), "lag returns to zero once everything is consumed");
    }

}
