using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Confluent.Kafka;
using MassTransit;
using MassTransit.Transports;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// The consumer of one topic endpoint. A dedicated thread polls, tracks offsets and commits; records run through
/// MassTransit's receive pipeline on the thread pool, one at a time per key. Offsets are committed in batches, only
/// up to the first record not yet finished, and on revocation only after the partition's running records finished.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification =
    "The token source holds no unmanaged resources (no wait handle is ever requested), and records still " +
    "finishing after an abort use it, so it lives as long as the loop object.")]
internal sealed partial class KafkaConsumerLoop
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SessionRestartDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan UnassignTimeout = TimeSpan.FromSeconds(10);

    private readonly TopicEndpointSettings _settings;
    private readonly ReceiveEndpointContext _context;
    private readonly IReceivePipeDispatcher _dispatcher;
    private readonly KeyedDispatcher _keyed;
    private readonly ConcurrentDictionary<TopicPartition, PartitionOffsets> _partitions = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConsumerHealth _health;
    private readonly Thread _thread;
    private volatile bool _aborted;
    private volatile bool _closing;
    private int _inFlight;
    private int _handledSinceCheckpoint;
    private long _deliveryCount;

    public KafkaConsumerLoop(TopicEndpointSettings settings, ReceiveEndpointContext context)
    {
        _settings = settings;
        _context = context;
        _dispatcher = context.CreateReceivePipeDispatcher();
        _keyed = new KeyedDispatcher(settings.ConcurrentMessageLimit);
        _health = new ConsumerHealth(context, settings);
        _thread = new Thread(Run) { IsBackground = true, Name = $"kafka {settings.Topic}/{settings.GroupId}" };
    }

    public Task Completed => _completed.Task;

    public long DeliveryCount => Interlocked.Read(ref _deliveryCount);

    public void Start() => _thread.Start();

    /// <summary>Stops polling, lets running records finish (up to the stop timeout), commits, and leaves the group.</summary>
    public Task StopAsync()
    {
        _stopping.Cancel();
        return Completed;
    }

    /// <summary>Simulates a crash for tests: stops without waiting for running records and without committing.</summary>
    internal Task AbortAsync()
    {
        _aborted = true;
        return StopAsync();
    }

    private void Run()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                RunSession();
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // A fatal client error: its partitions are lost, so nothing of them may be committed any more.
                MarkAllLost();
                _health.Faulted(ex);
                _stopping.Token.WaitHandle.WaitOne(SessionRestartDelay);
            }
            catch (Exception ex)
            {
                _completed.TrySetException(ex);
                return;
            }
        }

        _health.Completed(DeliveryCount, _settings.ConcurrentMessageLimit);
        _completed.TrySetResult();
    }

    private void RunSession()
    {
        using var consumer = BuildConsumer();
        using var lag = KafkaTelemetry.RegisterLag(_health.LagMeasurements);
        using var pendingAge = KafkaTelemetry.RegisterPendingAge(PendingAgeMeasurements);
        consumer.Subscribe(_settings.Topic);
        var checkpoint = DateTime.UtcNow + _settings.CheckpointInterval;
        var paused = new HashSet<TopicPartition>();
        while (!_stopping.IsCancellationRequested)
        {
            if (DateTime.UtcNow >= checkpoint || Volatile.Read(ref _handledSinceCheckpoint) >= _settings.CheckpointMessageCount)
            {
                Commit(consumer, _partitions.Values);
                checkpoint = DateTime.UtcNow + _settings.CheckpointInterval;
            }

            ApplyBackpressure(consumer, paused);
            var result = Poll(consumer);
            if (result is { IsPartitionEOF: false })
            {
                Track(result);
            }
        }

        if (!_aborted)
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref _inFlight) == 0, _settings.StopTimeout);
            CommitBeforeLeaving(consumer);
        }

        if (paused.Count > 0)
        {
            consumer.Resume(consumer.Assignment);
        }

        // Leaving the group lets the partitions move at once. The final commit happened above: librdkafka can wait
        // forever for a synchronous commit made from the revocation handler that leaving runs, so that handler commits
        // nothing from here on. Unsubscribing and letting the unassignment finish before Close avoids a librdkafka
        // abort when a cooperative consumer closes mid-assignment (librdkafka issue 4792).
        _closing = true;
        consumer.Unsubscribe();
        var unassigned = DateTime.UtcNow + UnassignTimeout;
        while (consumer.Assignment.Count > 0 && DateTime.UtcNow < unassigned)
        {
            _ = Poll(consumer);
        }

        consumer.Close();
    }

    /// <summary>
    /// The final commit. Refused mid-rebalance, it can only succeed once this member has taken part in the
    /// rebalance, which happens while polling; records fetched meanwhile are not handled and stay for the next owner.
    /// </summary>
    private void CommitBeforeLeaving(IConsumer<byte[], byte[]> consumer)
    {
        var deadline = DateTime.UtcNow + _settings.StopTimeout;
        while (!Commit(consumer, [.. _partitions.Values]) && DateTime.UtcNow < deadline)
        {
            _ = Poll(consumer);
        }
    }

    private ConsumeResult<byte[], byte[]>? Poll(IConsumer<byte[], byte[]> consumer)
    {
        try
        {
            return consumer.Consume(PollTimeout);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            LogContext.Warning?.Log("Kafka consume error on {Topic}: {Reason}", _settings.Topic, ex.Error.Reason);
            return null;
        }
    }

    /// <summary>
    /// Accepts a fetched record. It never waits: records fetched past the in-flight limit (a batch in flight when the
    /// partitions were paused, or a partition assigned while paused) are accepted too, so the thread keeps polling,
    /// serving rebalances and committing whatever happens to the handlers.
    /// </summary>
    private void Track(ConsumeResult<byte[], byte[]> result)
    {
        var offsets = _partitions.GetOrAdd(result.TopicPartition, p => new PartitionOffsets(p));
        var record = KafkaRecord.From(result, _settings.GroupId);
        offsets.Add(record);
        Interlocked.Increment(ref _inFlight);
        _keyed.Enqueue(KeyOf(result), permit => Handle(record, offsets, permit));
    }

    /// <summary>
    /// Pauses fetching on every assigned partition (those assigned meanwhile included) while the in-flight limit is
    /// reached, and resumes below it. A signal only: polling goes on either way.
    /// </summary>
    private void ApplyBackpressure(IConsumer<byte[], byte[]> consumer, HashSet<TopicPartition> paused)
    {
        var full = Volatile.Read(ref _inFlight) >= _settings.MaxInFlight;
        if (full)
        {
            var unpaused = consumer.Assignment.Where(p => !paused.Contains(p)).ToList();
            if (unpaused.Count > 0)
            {
                consumer.Pause(unpaused);
                paused.UnionWith(unpaused);
            }
        }
        else if (paused.Count > 0)
        {
            var assigned = consumer.Assignment;
            consumer.Resume(assigned.Where(paused.Contains).ToList());
            paused.Clear();
        }
    }

    private IEnumerable<System.Diagnostics.Metrics.Measurement<double>> PendingAgeMeasurements() =>
        _partitions.Values.Select(p => (p.Partition, Oldest: p.OldestPending())).Select(p =>
            new System.Diagnostics.Metrics.Measurement<double>(p.Oldest?.Age.TotalSeconds ?? 0,
                new KeyValuePair<string, object?>("topic", _settings.Topic),
                new KeyValuePair<string, object?>("partition", p.Partition.Partition.Value),
                new KeyValuePair<string, object?>("group", _settings.GroupId)));

    /// <summary>The partition whose oldest unfinished record has waited longest, for the endpoint's health.</summary>
    public (TopicPartition Partition, long Offset, TimeSpan Age)? OldestPending() =>
        _partitions.Values.Select(p => (p.Partition, Oldest: p.OldestPending()))
            .Where(p => p.Oldest is not null)
            .Select(p => ((TopicPartition Partition, long Offset, TimeSpan Age)?)(p.Partition, p.Oldest!.Value.Offset, p.Oldest.Value.Age))
            .MaxBy(p => p!.Value.Age);

    /// <summary>The partitions this loop owns now, for the consumer status.</summary>
    public IEnumerable<KafkaPartitionStatus> Status() =>
        _partitions.Values.OrderBy(p => p.Partition.Partition.Value).Select(offsets =>
        {
            var snapshot = offsets.Snapshot();
            var statistics = _health.Of(offsets.Partition.Partition.Value);
            var committed = Math.Max(snapshot.Committed, statistics?.Committed ?? -1);
            var high = statistics?.HighWatermark ?? -1;
            // With nothing committed yet the group reads from the partition's start, so everything after it is lag.
            var from = committed >= 0 ? committed : statistics?.LowWatermark ?? -1;
            return new KafkaPartitionStatus(_settings.GroupId, _settings.Topic, offsets.Partition.Partition.Value, Known(committed),
                Known(snapshot.Next), Known(high), from >= 0 && high >= 0 ? Math.Max(0, high - from) : null,
                snapshot.Pending, snapshot.Oldest is { } oldest ? Describe(oldest) : null);
        });

    private static KafkaPendingRecord Describe(PendingRecord pending) =>
        new(pending.Record.Message.Key is { Length: > 0 } key ? Encoding.UTF8.GetString(key) : null, pending.Record.Offset,
            System.Diagnostics.Stopwatch.GetElapsedTime(pending.FetchedAt).TotalSeconds, pending.Attempts, pending.LastError?.Type,
            pending.LastError?.Message);

    private static long? Known(long offset) => offset >= 0 ? offset : null;

    private static string KeyOf(ConsumeResult<byte[], byte[]> result) =>
        result.Message.Key is { Length: > 0 } key
            ? Encoding.UTF8.GetString(key)
            : "\0partition-" + result.Partition.Value; // unkeyed records keep their partition's order

    private void MarkAllLost()
    {
        foreach (var partition in _partitions.Keys)
        {
            if (_partitions.TryRemove(partition, out var offsets))
            {
                offsets.MarkLost();
            }
        }
    }
}
