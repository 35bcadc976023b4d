using Confluent.Kafka;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>
/// Reads every <c>.dlq</c> topic of the catalogue, from the beginning, into <c>dead_letters</c>, in a consumer group of
/// its own (<see cref="Group"/>), so replicas share the partitions. Offsets are committed only after the records up
/// to them are stored, and a record stored already is skipped (unique on topic, partition and offset): a restart or a
/// rebalance reads some records twice and stores each once. Partitions about to be revoked are stored and committed
/// first, so the next owner starts where this one ended.
/// </summary>
internal sealed partial class DeadLetterIndexer(ConsumerConfig config, IServiceScopeFactory scopes,
    DeadLetterReader reader, ILogger<DeadLetterIndexer> logger) : BackgroundService
{
    /// <summary>The indexer's consumer group.</summary>
    public const string Group = "orchestrator.dead-letters";

    private const int BatchSize = 200;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly List<ConsumeResult<byte[], byte[]>> _pending = [];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // The Confluent consumer blocks its thread: it gets one of its own, not the host's start-up path.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>
    /// Consumes until the service stops. A failure the loop does not expect starts a new consumer after a pause rather
    /// than ending the service: a background service that throws would stop the whole orchestrator.
    /// </summary>
    private void Run(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Consume(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Failed(logger, ex);
                stoppingToken.WaitHandle.WaitOne(RetryDelay);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: whatever was read but not stored is read again by the next owner.
            }
        }
    }

    private void Consume(CancellationToken stoppingToken)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config)
            .SetPartitionsRevokedHandler((c, revoked) => Flush(c, stoppingToken))
            .SetErrorHandler((_, error) => ClientError(logger, error.Reason))
            .Build();
        consumer.Subscribe(Topics.All.Select(t => t.DeadLetterTopic));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Fill(consumer, stoppingToken);
                Flush(consumer, stoppingToken);
            }
        }
        finally
        {
            // Whatever was read but not stored is read again by the next owner, or by this one after a restart.
            _pending.Clear();
            consumer.Close();
        }
    }

    /// <summary>Waits for a record, then takes what else is already fetched, up to a batch.</summary>
    private void Fill(IConsumer<byte[], byte[]> consumer, CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromMilliseconds(500);
        while (_pending.Count < BatchSize && !stoppingToken.IsCancellationRequested)
        {
            ConsumeResult<byte[], byte[]>? record;
            try
            {
                record = consumer.Consume(wait);
            }
            catch (ConsumeException ex)
            {
                // A .dlq topic that does not exist yet, say: the others are read meanwhile.
                CouldNotRead(logger, ex.Error.Reason);
                return;
            }

            if (record is null || record.IsPartitionEOF)
            {
                return;
            }

            _pending.Add(record);
            wait = TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Stores the pending records (trying again until it succeeds or the service stops), then commits past them.
    /// </summary>
    private void Flush(IConsumer<byte[], byte[]> consumer, CancellationToken stoppingToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
                DeadLetterStore.InsertNew(db, [.. _pending.Select(reader.Read)], stoppingToken).GetAwaiter()
                    .GetResult();
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                CouldNotStore(logger, ex, _pending.Count);
                stoppingToken.WaitHandle.WaitOne(RetryDelay);
            }
        }

        var offsets = _pending.GroupBy(r => r.TopicPartition)
            .Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1))
            .ToList();
        _pending.Clear();
        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException ex)
        {
            // Stored already: the next owner reads them again and skips them.
            CouldNotCommit(logger, ex.Error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-letter indexer failed; it starts again")]
    private static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-letter indexer: {Error}")]
    private static partial void ClientError(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-letter indexer could not read: {Error}")]
    private static partial void CouldNotRead(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Dead-letter indexer could not store {Count} dead letters; trying again")]
    private static partial void CouldNotStore(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-letter indexer could not commit its offsets: {Error}")]
    private static partial void CouldNotCommit(ILogger logger, string error);
}
