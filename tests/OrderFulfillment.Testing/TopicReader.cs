using Confluent.Kafka;

namespace OrderFulfillment.Testing;

/// <summary>Reads a topic with a plain Confluent consumer, to check what the rider wrote.</summary>
public static class TopicReader
{
    public static async Task<List<ConsumeResult<byte[], byte[]>>> ReadAsync(string topic, int count, TimeSpan deadline)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(RiderHost.ReaderConfig("reader-"
            + Guid.NewGuid().ToString("N"))).Build();
        consumer.Subscribe(topic);
        var results = new List<ConsumeResult<byte[], byte[]>>();
        using var timeout = new CancellationTokenSource(deadline);
        await Task.Run(() =>
        {
            while (results.Count < count && !timeout.IsCancellationRequested)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
                {
                    results.Add(result);
                }
            }
        });
        consumer.Close();
        return results;
    }

    public static long Committed(string topic, string group, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(RiderHost.ReaderConfig(group)).Build();
        return consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)),
            TimeSpan.FromSeconds(10))
            .Sum(o => Math.Max(0, o.Offset.Value));
    }
}
