using System.Text;
using Confluent.Kafka;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>
/// The audit topics (OrderCompleted, OrderCancelled), read from the start with a plain Kafka consumer.
/// </summary>
internal static class AuditTrail
{
    /// <summary>
    /// How many final events each of <paramref name="orderIds"/> has, once every one of them has at least one (the
    /// outbox delivers after the saga commits, so the saga's state can be ahead of the topics for a moment).
    /// </summary>
    public static async Task<Dictionary<Guid, int>> FinalEventsPerOrder(IReadOnlyCollection<Guid> orderIds,
        TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (true)
        {
            var counts = ReadAll().Where(orderIds.Contains).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
            if (counts.Count == orderIds.Count || timeout.IsCancellationRequested)
            {
                return counts;
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static List<Guid> ReadAll()
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = Platform.BootstrapServers,
            GroupId = "audit-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var partitions = new[] { Topics.OrderCompleted, Topics.OrderCancelled }
            .SelectMany(t =>
                Enumerable.Range(0, t.Partitions).Select(p => new TopicPartitionOffset(t.Name, p, Offset.Beginning)))
            .ToList();
        consumer.Assign(partitions);
        var atEnd = new HashSet<TopicPartition>();
        var keys = new List<Guid>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (atEnd.Count < partitions.Count && !deadline.IsCancellationRequested)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { } result)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                atEnd.Add(result.TopicPartition);
            }
            else
            {
                keys.Add(Guid.Parse(Encoding.UTF8.GetString(result.Message.Key)));
            }
        }

        consumer.Close();
        return keys;
    }
}
