using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using OrderFulfillment.Contracts;
using OrderFulfillment.Messaging.Avro;

namespace OrderFulfillment.Benchmarks;

/// <summary>
/// Reads the audit topics (OrderCompleted, OrderCancelled) from the beginning on a thread of its own and keeps every
/// final event by order id, so the benchmark learns when orders end without polling the orders API.
/// </summary>
internal sealed class AuditTrailListener : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IConsumer<Ignore, byte[]> _consumer;
    private readonly RegisteredSchemas _schemas;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, List<FinalEvent>> _events = [];
    private readonly Dictionary<TopicPartition, bool> _atEnd;
    private readonly Task _loop;

    public AuditTrailListener(string bootstrapServers, string schemaRegistryUrl)
    {
        _schemas = new RegisteredSchemas(new CachedSchemaRegistryClient(new SchemaRegistryConfig {
            Url = schemaRegistryUrl }), autoRegister: false);
        _consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            // Required by the client even though partitions are assigned and nothing is committed.
            GroupId = "benchmark-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        var partitions = new[] { Topics.OrderCompleted, Topics.OrderCancelled }
            .SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Name, p)))
            .ToList();
        _atEnd = partitions.ToDictionary(p => p, _ => false);
        _consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        _loop = Task.Factory.StartNew(Consume, TaskCreationOptions.LongRunning);
    }

    /// <summary>Every final event of <paramref name="orderId"/> read so far.</summary>
    public IReadOnlyList<FinalEvent> EventsOf(Guid orderId)
    {
        lock (_lock)
        {
            return _events.TryGetValue(orderId, out var events) ? [.. events] : [];
        }
    }

    /// <summary>
    /// Waits until each order has a final event, as long as some keep arriving (no longer than <paramref name="stall"/>
    /// without one) and at most <paramref name="cap"/>; returns how many have none.
    /// </summary>
    public async Task<int> WaitForFinalEvents(IReadOnlyCollection<Guid> orderIds, TimeSpan stall, TimeSpan cap,
        CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var sinceProgress = Stopwatch.StartNew();
        var missing = orderIds.Count;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfFailed();
            var now = CountMissing(orderIds);
            if (now < missing)
            {
                missing = now;
                sinceProgress.Restart();
            }

            if (missing == 0 || sinceProgress.Elapsed > stall || total.Elapsed > cap)
            {
                return missing;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>
    /// Waits until every partition has been read to its end, so late duplicates would have been seen.
    /// </summary>
    public async Task WaitUntilAtEnd(TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        while (!timeout.IsCancellationRequested)
        {
            ThrowIfFailed();
            lock (_lock)
            {
                if (_atEnd.Values.All(atEnd => atEnd))
                {
                    return;
                }
            }

            await Task.Delay(100, CancellationToken.None);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"The audit topics were not read to their end within {deadline}.");
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _loop.Wait();
        _consumer.Close();
        _consumer.Dispose();
        _stopping.Dispose();
    }

    // A record the benchmark cannot read would otherwise look like an order that never ended.
    private void ThrowIfFailed()
    {
        if (_loop.IsFaulted)
        {
            _loop.GetAwaiter().GetResult();
        }
    }

    private int CountMissing(IReadOnlyCollection<Guid> orderIds)
    {
        lock (_lock)
        {
            return orderIds.Count(id => !_events.ContainsKey(id));
        }
    }

    private void Consume()
    {
        while (!_stopping.IsCancellationRequested)
        {
            if (_consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { } result)
            {
                continue;
            }

            lock (_lock)
            {
                _atEnd[result.TopicPartition] = result.IsPartitionEOF;
                if (!result.IsPartitionEOF)
                {
                    // The values are Avro; decoded with their writer's schema into JSON, they have the fields' names.
                    var final = AvroJson.Decode(result.Message.Value, _schemas).Deserialize<FinalEvent>(Json)
                        ?? throw new InvalidOperationException($"An empty record at {result.TopicPartitionOffset}.");
                    if (!_events.TryGetValue(final.OrderId, out var events))
                    {
                        _events[final.OrderId] = events = [];
                    }

                    events.Add(final);
                }
            }
        }
    }
}
