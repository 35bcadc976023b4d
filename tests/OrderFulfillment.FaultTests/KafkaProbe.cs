using System.Collections.Concurrent;
using Confluent.Kafka;

namespace OrderFulfillment.FaultTests;

/// <summary>A record read back from a topic: where it is and exactly what it holds.</summary>
internal sealed record TopicRecord(string Topic, int Partition, long Offset, byte[]? Key, byte[]? Value,
    IReadOnlyList<(string Key, byte[] Value)> Headers)
{
    public string? Header(string key) =>
        Headers.LastOrDefault(h => h.Key == key) is { Value: { } value } ? System.Text.Encoding.UTF8.GetString(value)
        : null;
}

/// <summary>
/// Plain Confluent clients against the platform's cluster, independent of the services: high watermarks, the
/// committed offsets of any consumer group (read without joining it), records of a range of offsets, and raw produce.
/// </summary>
internal sealed class KafkaProbe(string bootstrapServers) : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<string, IConsumer<byte[], byte[]>> _groupReaders =
        new(StringComparer.Ordinal);
    private readonly Lazy<IConsumer<byte[], byte[]>> _metadata =
        new(() => NewConsumer(bootstrapServers, "fault-suite-probe"));
    private readonly Lazy<IProducer<byte[], byte[]>> _producer =
        new(() => new ProducerBuilder<byte[], byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        // Room for the 3 MB bad record; the embedded cluster has no broker-side size limit.
        MessageMaxBytes = 5_000_000,
        Acks = Acks.All,
        LingerMs = 5,
    }).Build());

    /// <summary>The offset the next record of each partition will get.</summary>
    public Dictionary<TopicPartition, long> HighWatermarks(IEnumerable<(string Topic, int Partitions)> topics)
    {
        var marks = new Dictionary<TopicPartition, long>();
        foreach (var (topic, partitions) in topics)
        {
            for (var p = 0; p < partitions; p++)
            {
                var tp = new TopicPartition(topic, p);
                marks[tp] = _metadata.Value.QueryWatermarkOffsets(tp, RequestTimeout).High.Value;
            }
        }

        return marks;
    }

    /// <summary>The committed offset of a group on each partition of a topic; 0 where it never committed.</summary>
    public Dictionary<TopicPartition, long> Committed(string group, string topic, int partitions)
    {
        var reader = _groupReaders.GetOrAdd(group, g => NewConsumer(bootstrapServers, g));
        var committed =
            reader.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), RequestTimeout);
        return committed.ToDictionary(c => c.TopicPartition, c => c.Offset.IsSpecial ? 0 : c.Offset.Value);
    }

    /// <summary>
    /// Every record from <paramref name="from"/> (inclusive) up to <paramref name="to"/> (exclusive), per partition.
    /// </summary>
    public List<TopicRecord> Read(IReadOnlyDictionary<TopicPartition, long> from,
        IReadOnlyDictionary<TopicPartition, long> to)
    {
        var wanted = to.Where(t => t.Value > from.GetValueOrDefault(t.Key)).ToDictionary(t => t.Key, t => t.Value);
        var records = new List<TopicRecord>();
        if (wanted.Count == 0)
        {
            return records;
        }

        using var consumer = NewConsumer(bootstrapServers, "fault-suite-reader");
        consumer.Assign(wanted.Keys.Select(tp => new TopicPartitionOffset(tp, from.GetValueOrDefault(tp))));
        var remaining = new HashSet<TopicPartition>(wanted.Keys);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (remaining.Count > 0)
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Could not read to the end of {string.Join(", ", remaining)} within 120 s.");
            }

            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { Message: { } message } result)
            {
                continue;
            }

            var end = wanted.GetValueOrDefault(result.TopicPartition);
            if (result.Offset.Value < end)
            {
                records.Add(new TopicRecord(result.Topic, result.Partition.Value, result.Offset.Value, message.Key,
                    message.Value, (message.Headers ?? []).Select(h => (h.Key, h.GetValueBytes())).ToList()));
            }

            if (result.Offset.Value >= end - 1)
            {
                remaining.Remove(result.TopicPartition);
                consumer.Pause([result.TopicPartition]);
            }
        }

        consumer.Close();
        return records;
    }

    /// <summary>Produces one record to an explicit partition, byte for byte as given, and returns its offset.</summary>
    public async Task<long> ProduceAsync(string topic, int partition, byte[]? key, byte[]? value,
        IEnumerable<(string Key, byte[] Value)>? headers, CancellationToken cancellationToken)
    {
        Headers? kafkaHeaders = null;
        if (headers is not null)
        {
            kafkaHeaders = [];
            foreach (var (k, v) in headers)
            {
                kafkaHeaders.Add(k, v);
            }
        }

        var result = await _producer.Value.ProduceAsync(new TopicPartition(topic, partition),
            new Message<byte[], byte[]> { Key = key!, Value = value!, Headers = kafkaHeaders }, cancellationToken);
        return result.Offset.Value;
    }

    public void Dispose()
    {
        foreach (var reader in _groupReaders.Values)
        {
            reader.Dispose();
        }

        if (_metadata.IsValueCreated)
        {
            _metadata.Value.Dispose();
        }

        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(10));
            _producer.Value.Dispose();
        }
    }

    private static IConsumer<byte[], byte[]> NewConsumer(string bootstrapServers, string group) =>
        new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        }).Build();
}
