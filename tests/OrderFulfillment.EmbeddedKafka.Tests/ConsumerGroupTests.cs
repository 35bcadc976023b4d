using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using FluentAssertions;

namespace OrderFulfillment.EmbeddedKafka.Tests;

public sealed class ConsumerGroupTests
{
    private const int Partitions = 6;
    private const int MessageCount = 600;

    [Test]
    [CancelAfter(90_000)]
    public async Task Two_members_sharing_a_six_partition_topic_see_every_message_with_its_headers(
        CancellationToken cancellationToken)
    {
        var cluster = EmbeddedKafkaFixture.Cluster;
        var topic = EmbeddedKafkaFixture.UniqueName("orders.order.placed");
        var group = EmbeddedKafkaFixture.UniqueName("group");
        await cluster.CreateTopicAsync(topic, Partitions, cancellationToken);

        using var members = new GroupMembers(cluster.BootstrapServers, group, topic, count: 2);
        await Eventually.True(() => members.All(m => m.Assignment.Count > 0)
            && members.Sum(m => m.Assignment.Count) == Partitions,
            TimeSpan.FromSeconds(30), "both members hold a share of the six partitions");

        using (var producer = KafkaClients.Producer(cluster.BootstrapServers))
        {
            for (var i = 0; i < MessageCount; i++)
            {
                var headers = new Headers { { "message-id", Encoding.UTF8.GetBytes($"id-{i}") } };
                await producer.ProduceAsync(topic, new Message<string, string> { Key = $"order-{i % 50}",
                    Value = $"value-{i}", Headers = headers }, cancellationToken);
            }
        }

        await Eventually.True(() => members.Sum(m => m.Received.Count) >= MessageCount, TimeSpan.FromSeconds(30),
            "every message is consumed");

        var received = members.SelectMany(m => m.Received).ToList();
        received.Select(r => r.Message.Value).Should().OnlyHaveUniqueItems().And.HaveCount(MessageCount);
        received.Should().OnlyContain(r => Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes(
            "message-id")) == r.Message.Value.Replace("value-", "id-", StringComparison.Ordinal));
        members.Should().OnlyContain(m => m.Received.Count > 0, "the group shares the work");
        members[0].Received.Select(r => r.Partition.Value).Intersect(members[1].Received.Select(r => r.Partition.Value))
            .Should().BeEmpty("a partition belongs to one member at a time");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Messages_with_the_same_key_land_on_one_partition_in_produce_order(
        CancellationToken cancellationToken)
    {
        var cluster = EmbeddedKafkaFixture.Cluster;
        var topic = EmbeddedKafkaFixture.UniqueName("inventory.stock.reserved");
        await cluster.CreateTopicAsync(topic, Partitions, cancellationToken);

        using (var producer = KafkaClients.Producer(cluster.BootstrapServers))
        {
            for (var i = 0; i < 100; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"order-{i % 5}", Value = i.ToString("D3",
                    System.Globalization.CultureInfo.InvariantCulture) });
            }

            producer.Flush(cancellationToken);
        }

        using var members =
            new GroupMembers(cluster.BootstrapServers, EmbeddedKafkaFixture.UniqueName("group"), topic, count: 1);
        await Eventually.True(() => members[0].Received.Count >= 100, TimeSpan.FromSeconds(30),
            "every message is consumed");

        foreach (var byKey in members[0].Received.GroupBy(r => r.Message.Key))
        {
            byKey.Select(r => r.Partition.Value).Distinct()
                .Should().ContainSingle("a key always maps to one partition");
            byKey.Select(r => r.Message.Value).Should().BeInAscendingOrder("order is kept per key");
        }
    }

    /// <summary>Consumers of one group, each polling on its own thread, recording what they receive.</summary>
    private sealed class GroupMembers : List<GroupMember>, IDisposable
    {
        public GroupMembers(string bootstrapServers, string group, string topic, int count)
        {
            for (var i = 0; i < count; i++)
            {
                Add(new GroupMember(bootstrapServers, group, topic));
            }
        }

        public void Dispose() => ForEach(m => m.Dispose());
    }

    private sealed class GroupMember : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private readonly IConsumer<string, string> _consumer;

        public GroupMember(string bootstrapServers, string group, string topic)
        {
            _consumer = KafkaClients.ConsumerBuilder(bootstrapServers, group).Build();
            _consumer.Subscribe(topic);
            _thread = new Thread(Poll) { IsBackground = true, Name = "test consumer" };
            _thread.Start();
        }

        public ConcurrentQueue<ConsumeResult<string, string>> Received { get; } = new();

        public List<TopicPartition> Assignment { get; private set; } = [];

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _consumer.Close();
            _consumer.Dispose();
            _stop.Dispose();
        }

        private void Poll()
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = _consumer.Consume(TimeSpan.FromMilliseconds(50));
                Assignment = _consumer.Assignment.ToList();
                if (result is { IsPartitionEOF: false })
                {
                    Received.Enqueue(result);
                }
            }
        }
    }
}
