using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrderFulfillment.Messaging.Kafka.Tests;

public sealed class GroupMembershipTests
{
    private const int SessionTimeoutMs = 6000;

    /// <summary>
    /// A member that vanishes without leaving the group is replaced within the session timeout, and its uncommitted
    /// records come again.
    /// </summary>
    [Test]
    [CancelAfter(180_000)]
    public async Task A_vanished_member_is_replaced_within_the_session_timeout_and_its_uncommitted_records_come_again()
    {
        const int partitions = 3;
        var topic = await KafkaFixture.CreateTopic("orders.step.recorded", partitions);
        const string group = "membership";
        const string instance = "worker-0";
        for (var sequence = 0; sequence < 30; sequence++)
        {
            await StuckService.ProduceTo(topic, sequence % partitions, sequence);
        }

        // The first member, a static one, reads everything, commits the first 15 records and vanishes: disposed
        // without Close, it does not leave the group, as when its process is killed.
        var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig(RiderHost.ReaderConfig(group))
        {
            EnableAutoCommit = false,
            SessionTimeoutMs = SessionTimeoutMs,
            HeartbeatIntervalMs = 1000,
            GroupInstanceId = instance,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        }).Build();
        consumer.Subscribe(topic);
        var seen = new List<ConsumeResult<byte[], byte[]>>();
        await Task.Run(() =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (seen.Count < 30 && DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
                {
                    seen.Add(result);
                }
            }
        });
        seen.Should().HaveCount(30, "the first member owns every partition");
        consumer.Commit(seen.Where(r => Sequence(r) < 15).GroupBy(r => r.TopicPartition)
            .Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1)));
        consumer.Dispose();
        var vanished = Stopwatch.StartNew();

        // The restarted instance takes the same static id; its settings come from configuration as in a service.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:Consumer:SessionTimeoutMs"] =
                SessionTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kafka:Consumer:HeartbeatIntervalMs"] = "1000",
            ["Kafka:Consumer:GroupInstanceId"] = instance,
        }).Build();
        var recorder = new Recorder();
        await using var host = await RiderHost.Start(
            rider => rider.AddConsumer<RecordingConsumer>(),
            (context, k) =>
            {
                k.ConfigureConsumers(configuration.GetSection("Kafka:Consumer").Bind);
                k.TopicEndpoint<OrderStepRecorded>(topic, group, e => e.ConfigureConsumer<RecordingConsumer>(context));
            },
            services => services.AddSingleton(recorder));
        var settings =
            ((KafkaRider)host.Services.GetRequiredService<IKafkaRider>()).Transports.Single().Settings.ConsumerConfig;
        settings.SessionTimeoutMs.Should().Be(SessionTimeoutMs, "Kafka:Consumer reaches the endpoint's consumer");
        settings.HeartbeatIntervalMs.Should().Be(1000);
        settings.GroupInstanceId.Should().Be(instance);

        await Eventually.True(() => recorder.Handled.Count >= 15, TimeSpan.FromSeconds(60),
            "the uncommitted records come again");
        var replacedAfter = vanished.Elapsed;
        TestContext.Out.WriteLine(
            $"the new member had all uncommitted records {replacedAfter.TotalSeconds:0.0} s after the old one " +
            $"vanished");
        replacedAfter.Should().BeLessThan(TimeSpan.FromMilliseconds(SessionTimeoutMs) + TimeSpan.FromSeconds(15),
            "on the embedded cluster, failover costs about the session timeout plus its join window");
        await Eventually.True(() => TopicReader.Committed(topic, group, partitions) == 30, TimeSpan.FromSeconds(30),
            "everything is committed");
        recorder.Handled.Select(h => h.Sequence).Should().BeEquivalentTo(Enumerable.Range(15, 15),
            "exactly the records not committed are redelivered: none lost, none of the committed ones again");
    }

    private static int Sequence(ConsumeResult<byte[], byte[]> result) =>
        JsonSerializer.Deserialize<JsonElement>(Encoding.UTF8.GetString(result.Message.Value)).GetProperty("sequence")
            .GetInt32();
}
