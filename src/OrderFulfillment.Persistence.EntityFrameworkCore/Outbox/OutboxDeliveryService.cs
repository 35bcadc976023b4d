using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OrderFulfillment.Messaging.Kafka.Sending;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// Delivers committed outbox rows to Kafka and removes them, one batch per database transaction. That transaction
/// first takes a transaction-scoped advisory lock, so of all processes on one database only one is inside a batch at
/// any moment (leadership is decided anew for every batch and ends with its commit or with its session). Within a
/// batch, rows of one topic and key are produced one after the other in sequence order, different keys in parallel.
/// A row Kafka acknowledged is deleted; a row Kafka refused for good moves to <see cref="OutboxDeadLetter"/>; a row
/// that failed transiently stays, and the later rows of its key wait behind it, so per-key order holds. A batch waits
/// at most <see cref="EntityFrameworkOutboxOptions.DeliveryTimeout"/> for acknowledgements, so a partition without a
/// leader delays only its own keys. A crash between produce and commit delivers those rows again, which downstream
/// inboxes recognise by message id.
/// </summary>
internal sealed class OutboxDeliveryService<TDbContext>(
    IServiceScopeFactory scopes,
    KafkaProducerClient producer,
    OutboxSignal signal,
    OutboxNotifications notifications,
    EntityFrameworkOutboxOptions options,
    IOutboxDeliveryObserver? observer = null) : BackgroundService
    where TDbContext : DbContext
{
    // Advisory locks are per database and each service has its own database, so one constant key suffices.
    private const long LeaderLockKey = 0x4F7574626F78;

    // Produces still running when their batch's DeliveryTimeout ended, by (topic, key). Such a key is not produced
    // again by this process until its produce ends, so its order holds and the copy is not doubled while it waits.
    private readonly ConcurrentDictionary<(string Topic, string Key), Task> _late = new();

    // Rows whose late produce Kafka acknowledged after all: the next batch deletes them without producing them again.
    private readonly ConcurrentDictionary<long, bool> _lateAcknowledged = new();

    private OutboxListener? _listener;
    private NpgsqlDataSource? _relayConnections;
    private OutboxStatements? _statements;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = Prepare();
        var listening = options.CrossProcessNotifications && connectionString is not null
            ? Task.Run(() => (_listener = new OutboxListener(connectionString, _statements!.Channel, signal, observer))
                .RunAsync(stoppingToken), CancellationToken.None)
            : Task.CompletedTask;
        try
        {
            await Relay(stoppingToken);
        }
        finally
        {
            notifications.LocalRelayLed(false);
            await listening;
            if (_relayConnections is not null)
            {
                await _relayConnections.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Reads the statements from the model and opens the relay's own connections; returns the connection string.
    /// </summary>
    private string? Prepare()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        _statements = OutboxStatements.For(db);
        if (db.Database.GetConnectionString() is not { } connectionString)
        {
            LogContext.Warning?.Log(
                "{DbContext} has no connection string: the outbox relay uses its connection and polls",
                typeof(TDbContext).Name);
            return null;
        }

        // Its own small pool: the relay changes no session state (the lock and the setting end with the transaction),
        // so a connection needs no DISCARD ALL between batches, which Npgsql would otherwise run (and PostgreSQL count
        // as a commit) at every checkout.
        // Never prepared: the outbox swings from empty to a backlog of thousands of rows within seconds, long before
        // autovacuum's statistics follow, and a prepared statement's cached plan made on the empty table (a sequential
        // scan) stayed in use for the backlog. Profiled, that delete read 3,160 blocks a call and took 40 % of the
        // orders database's statement time; planned per call, it reads about a hundred.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxPoolSize = 2,
            MaxAutoPrepare = 0 };
        builder.ApplicationName = $"{builder.ApplicationName} outbox relay".TrimStart();
        _relayConnections = NpgsqlDataSource.Create(builder);
        return connectionString;
    }

    private async Task Relay(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Commits notified from here on ask for another batch; those before are seen by this batch's read.
                signal.TryConsume();
                var batch = await DeliverBatch(stoppingToken);
                // A batch that moved nothing while rows wait is a failing key (or Kafka away): back off, do not spin.
                failures = batch.Held > 0 && batch.Removed == 0 ? failures + 1 : 0;
                if (failures > 0)
                {
                    // A new commit ends the wait: its rows have keys of their own, which need not wait for the failing
                    // one.
                    await signal.WaitAsync(BackoffDelay(failures), stoppingToken);
                }
                else if (!batch.Leader)
                {
                    await signal.WaitAsync(options.QueryDelay, stoppingToken);
                }
                else if (batch.Read < options.QueryMessageLimit)
                {
                    // Everything committed before the read was read: only a new commit (or the fallback poll) asks
                    // again.
                    observer?.Idle();
                    await signal.WaitAsync(_listener is {
                        Healthy: true } ? options.ListeningQueryDelay : options.QueryDelay, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                notifications.LocalRelayLed(false);
                LogContext.Warning?.Log(ex, "Outbox delivery failed; retrying");
                await Task.Delay(BackoffDelay(++failures), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    internal async Task<BatchResult> DeliverBatch(CancellationToken cancellationToken)
    {
        if (_relayConnections is null)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                return await DeliverBatch((NpgsqlConnection)db.Database.GetDbConnection(), cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        await using var connection = await _relayConnections.OpenConnectionAsync(cancellationToken);
        return await DeliverBatch(connection, cancellationToken);
    }

    private async Task<BatchResult> DeliverBatch(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            return await DeliverBatch(connection, _statements!, cancellationToken);
        }
        catch
        {
            await TryRollback(connection);
            throw;
        }
    }

    private async Task<BatchResult> DeliverBatch(NpgsqlConnection connection, OutboxStatements statements,
        CancellationToken cancellationToken)
    {
        // The lock is held until this transaction ends: a second relay cannot read, produce or delete until this batch
        // committed, and a relay whose session died has lost the lock together with its uncommitted deletes.
        var (leader, batch) = await OutboxBatchCommands.BeginAndRead(connection, statements, LeaderLockKey,
            options.QueryMessageLimit, cancellationToken);
        notifications.LocalRelayLed(leader);
        if (!leader || batch.Count == 0)
        {
            // Nothing to change: no commit.
            await OutboxBatchCommands.Rollback(connection, cancellationToken);
            if (!leader)
            {
                observer?.NotLeader();
                return new BatchResult(false, 0, 0, 0);
            }

            _lateAcknowledged.Clear();
            return new BatchResult(true, 0, 0, 0);
        }

        observer?.BatchStarted(batch);
        List<OutboxMessage> delivered;
        List<OutboxDeadLetter> dead;
        int held;
        try
        {
            (delivered, dead, held) = await Produce(batch, cancellationToken);
        }
        finally
        {
            observer?.BatchEnded();
        }

        var removed = delivered.Select(m => m.SequenceNumber).Concat(dead.Select(d => d.SequenceNumber)).ToList();
        await OutboxBatchCommands.RemoveAndCommit(connection, statements, removed, dead, cancellationToken);
        var first = batch[0].SequenceNumber;
        var deleted = delivered.Select(m => m.SequenceNumber).ToHashSet();
        foreach (var sequenceNumber in _lateAcknowledged.Keys.Where(n => n < first || deleted.Contains(n)))
        {
            // Deleted now, or earlier by another process.
            _lateAcknowledged.TryRemove(sequenceNumber, out _);
        }

        foreach (var letter in dead)
        {
            PersistenceTelemetry.OutboxDeadLetters.Add(1, new KeyValuePair<string, object?>("topic", letter.Topic));
            LogContext.Error?.Log(
                "Outbox row {SequenceNumber} ({MessageId} to {Topic}) cannot be delivered and was moved to " +
                "OutboxDeadLetter: {Error}", letter.SequenceNumber, letter.MessageId, letter.Topic, letter.Error);
        }

        if (held > 0)
        {
            LogContext.Warning?.Log("Outbox delivery: {Held} of {Read} rows wait for a transient failure to clear",
                held, batch.Count);
        }

        return new BatchResult(true, batch.Count, removed.Count, held);
    }

    /// <summary>
    /// Produces the batch as one chain per (topic, key), all chains at once: a chain hands its next row to the producer
    /// only after the previous one was acknowledged or dead-lettered, and stops at a transient failure or at the
    /// batch's deadline. Kafka orders records per partition, and a consumer can only observe order there, so (topic,
    /// key) is the unit of order; a slow key does not slow the others.
    /// </summary>
    private async Task<(List<OutboxMessage> Delivered, List<OutboxDeadLetter> Dead, int Held)> Produce(
        List<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        var delivered = new List<OutboxMessage>(batch.Count);
        var dead = new List<OutboxDeadLetter>();
        var held = 0;
        var deadline = Task.Delay(options.DeliveryTimeout, cancellationToken);
        var chains = new List<Task<KeyOutcome>>();
        foreach (var key in batch.GroupBy(m => (m.Topic, m.Key)))
        {
            var queue = new Queue<OutboxMessage>(key);
            // A late produce of this key's head row was acknowledged after its batch: it is delivered.
            while (queue.TryPeek(out var head) && _lateAcknowledged.ContainsKey(head.SequenceNumber))
            {
                delivered.Add(queue.Dequeue());
            }

            if (_late.ContainsKey(key.Key))
            {
                held += queue.Count;
            }
            else if (queue.Count > 0)
            {
                chains.Add(ProduceInOrder(queue, deadline, cancellationToken));
            }
        }

        foreach (var outcome in await Task.WhenAll(chains))
        {
            delivered.AddRange(outcome.Delivered);
            dead.AddRange(outcome.Dead);
            held += outcome.Held;
        }

        return (delivered, dead, held);
    }

    private async Task<KeyOutcome> ProduceInOrder(Queue<OutboxMessage> queue, Task deadline,
        CancellationToken cancellationToken)
    {
        var outcome = new KeyOutcome();
        while (queue.TryPeek(out var message))
        {
            var produce = TryProduce(message, cancellationToken);
            if (!produce.IsCompleted && await Task.WhenAny(produce, deadline) != produce)
            {
                // Not acknowledged in time (a partition without a leader, say): the key waits, the batch goes on.
                cancellationToken.ThrowIfCancellationRequested();
                Late(message, produce);
                outcome.Held = queue.Count;
                return outcome;
            }

            if (await produce is { } failure)
            {
                if (!ProduceFailures.IsPermanent(failure))
                {
                    // This row and everything after it with the same key stay for a later batch, in order.
                    outcome.Held = queue.Count;
                    return outcome;
                }

                outcome.Dead.Add(OutboxDeadLetter.From(message, ProduceFailures.Describe(failure), DateTime.UtcNow));
            }
            else
            {
                outcome.Delivered.Add(message);
            }

            queue.Dequeue();
        }

        return outcome;
    }

    private async Task<Exception?> TryProduce(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await producer.ProduceAsync(message.Topic, OutboxRecords.ToRecord(message), cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ex;
        }
    }

    /// <summary>Ends a transaction a failure left open (or failed), so the pooled connection goes back clean.</summary>
    private static async Task TryRollback(NpgsqlConnection connection)
    {
        try
        {
            await OutboxBatchCommands.Rollback(connection, CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is broken: the server ended the transaction with the session.
        }
    }

    private static TimeSpan BackoffDelay(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(30_000, 200 * (1 << Math.Min(failures, 8))));

    /// <summary>Remembers a produce that outlived its batch, and what became of it.</summary>
    private void Late(OutboxMessage message, Task<Exception?> produce)
    {
        var key = (message.Topic, message.Key);
        _late[key] = produce;
        _ = produce.ContinueWith(t =>
        {
            // The acknowledgement is recorded before the key is released, so no batch sees the key free and the row
            // unacknowledged.
            if (t.IsCompletedSuccessfully && t.Result is null)
            {
                _lateAcknowledged[message.SequenceNumber] = true;
            }

            _late.TryRemove(key, out _);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>What became of one key's rows in a batch.</summary>
    private sealed class KeyOutcome
    {
        public List<OutboxMessage> Delivered { get; } = [];

        public List<OutboxDeadLetter> Dead { get; } = [];

        public int Held { get; set; }
    }

    /// <summary>What one batch did.</summary>
    /// <param name="Leader">Whether this process held the lock for it.</param>
    /// <param name="Read">Rows read.</param>
    /// <param name="Removed">Rows delivered or dead-lettered, and deleted.</param>
    /// <param name="Held">Rows left for a later batch because of a transient failure.</param>
    internal readonly record struct BatchResult(bool Leader, int Read, int Removed, int Held);
}
