using System.Diagnostics.CodeAnalysis;
using System.Text;
using Confluent.Kafka;
using MassTransit;
using MassTransit.Transports;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>
/// The consumer of one topic endpoint. A dedicated thread polls and hands each record to <see cref="KeyedDispatcher"/>;
/// records run through MassTransit's receive pipeline on the thread pool, one at a time per key. What each partition
/// may commit is kept by <see cref="AssignedPartitions"/>; when to commit, and what happens to commits on revocation,
/// is <see cref="OffsetCommitter"/>'s, which the thread calls between polls and from the rebalance handlers.
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
    private readonly AssignedPartitions _partitions;
    private readonly OffsetCommitter _commits;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConsumerHealth _health;
    private readonly Thread _thread;
    private int _inFlight;
    private long _deliveryCount;

    public KafkaConsumerLoop(TopicEndpointSettings settings, ReceiveEndpointContext context)
    {
        _settings = settings;
        _context = context;
        _dispatcher = context.CreateReceivePipeDispatcher();
        _keyed = new KeyedDispatcher(settings.ConcurrentMessageLimit);
        _partitions = new AssignedPartitions(settings.Topic, settings.GroupId);
        _commits = new OffsetCommitter(settings, _partitions, TimeProvider.System);
        _health = new ConsumerHealth(context, settings);
        _thread = new Thread(Run) { IsBackground = true, Name = $"kafka {settings.Topic}/{settings.GroupId}" };
    }

    public Task Completed => _completed.Task;

    public long DeliveryCount => Interlocked.Read(ref _deliveryCount);

    public void Start() => _thread.Start();

    /// <summary>
    /// Stops polling, lets running records finish (up to the stop timeout), commits, and leaves the group.
    /// </summary>
    public Task StopAsync()
    {
        _stopping.Cancel();
        return Completed;
    }

    /// <summary>
    /// Simulates a crash for tests: stops without waiting for running records and without committing.
    /// </summary>
    internal Task AbortAsync()
    {
        _commits.Abort();
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
                _partitions.LoseAll();
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
        using var pendingAge = KafkaTelemetry.RegisterPendingAge(_partitions.PendingAgeMeasurements);
        consumer.Subscribe(_settings.Topic);
        _commits.StartCheckpoints();
        var paused = new HashSet<TopicPartition>();
        while (!_stopping.IsCancellationRequested)
        {
            _commits.CommitIfDue(consumer.Commit);
            ApplyBackpressure(consumer, paused);
            var result = Poll(consumer);
            if (result is { IsPartitionEOF: false })
            {
                Track(result);
            }
        }

        if (!_commits.IsAborted)
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref _inFlight) == 0, _settings.StopTimeout);
            _commits.CommitBeforeLeaving(consumer.Commit, () => Poll(consumer));
        }

        if (paused.Count > 0)
        {
            consumer.Resume(consumer.Assignment);
        }

        // Leaving the group lets the partitions move at once. The final commit happened above: librdkafka can wait
        // forever for a synchronous commit made from the revocation handler that leaving runs, so that handler commits
        // nothing from here on. Unsubscribing and letting the unassignment finish before Close avoids a librdkafka
        // abort when a cooperative consumer closes mid-assignment (librdkafka issue 4792).
        _commits.Leave();
        consumer.Unsubscribe();
        var unassigned = DateTime.UtcNow + UnassignTimeout;
        while (consumer.Assignment.Count > 0 && DateTime.UtcNow < unassigned)
        {
            _ = Poll(consumer);
        }

        consumer.Close();
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
        var offsets = _partitions.Of(result.TopicPartition);
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

    /// <summary>The partition whose oldest unfinished record has waited longest, for the endpoint's health.</summary>
    public (TopicPartition Partition, long Offset, TimeSpan Age)? OldestPending() => _partitions.OldestPending();

    /// <summary>The partitions this loop owns now, for the consumer status.</summary>
    public IEnumerable<KafkaPartitionStatus> Status() => _partitions.Status(_health.Of);

    private static string KeyOf(ConsumeResult<byte[], byte[]> result) =>
        result.Message.Key is { Length: > 0 } key
            ? Encoding.UTF8.GetString(key)
            : "\0partition-" + result.Partition.Value; // unkeyed records keep their partition's order
}
