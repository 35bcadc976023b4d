using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Transactions;

/// <summary>
/// Runs queued messages one after another in one database transaction on one connection, commits them together, and
/// starts the next transaction with whatever queued meanwhile. Nothing waits to fill a batch: at low load a batch is
/// the one message that came, and under load the messages that arrived during a commit share the next one, so the
/// number of commits (and their flushes) falls as the load rises. Because a lane runs its messages one at a time, two
/// messages of one lane never wait for each other's row locks, however hot the row.
/// </summary>
internal sealed class SharedTransactionLane<TDbContext>(IServiceScopeFactory scopes, int messageLimit,
    OutboxSignal signal, CancellationToken stopping)
    where TDbContext : DbContext
{
    private readonly Channel<SharedTransactionTurn> _queue = Channel.CreateUnbounded<SharedTransactionTurn>(
        new UnboundedChannelOptions { SingleReader = true });

    private int _waiting;

    /// <summary>Messages queued or running in this lane, to spread load over lanes.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = Task.Run(RunAsync, CancellationToken.None);

    public void Enqueue(SharedTransactionTurn turn)
    {
        Interlocked.Increment(ref _waiting);
        if (!_queue.Writer.TryWrite(turn))
        {
            Interlocked.Decrement(ref _waiting);
            turn.FailStart(new OperationCanceledException("The service is stopping."));
        }
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stopping))
            {
                await RunBatchAsync();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var turn))
            {
                turn.FailStart(new OperationCanceledException("The service is stopping."));
            }
        }
    }

    private async Task RunBatchAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        IDbContextTransaction transaction;
        try
        {
            // Begun through EF Core, so its interceptors and diagnostics see the shared transaction like any other.
            transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // The database is away: the first waiting message fails (and is retried by its endpoint), the rest wait.
            if (_queue.Reader.TryRead(out var first))
            {
                Interlocked.Decrement(ref _waiting);
                first.FailStart(ex);
            }

            return;
        }

        await using (transaction)
        {
            var members = await RunMembersAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction());
            await CommitAsync(transaction, members);
        }
    }

    private async Task<Batch> RunMembersAsync(DbConnection connection, DbTransaction transaction)
    {
        var batch = new Batch();
        var started = 0;
        while (started < messageLimit && _queue.Reader.TryRead(out var turn))
        {
            Interlocked.Decrement(ref _waiting);
            if (!turn.TryStart(connection, transaction, started))
            {
                continue;
            }

            started++;
            switch (await turn.Finished)
            {
                case TurnOutcome.Succeeded:
                    batch.Members.Add(turn);
                    break;
                case TurnOutcome.SucceededWithOutboxRows:
                    batch.Members.Add(turn);
                    batch.OutboxRows = true;
                    break;
                case TurnOutcome.BrokeTransaction:
                    batch.Broken = true;
                    return batch;
            }
        }

        return batch;
    }

    private async Task CommitAsync(IDbContextTransaction transaction, Batch batch)
    {
        try
        {
            if (batch.Broken)
            {
                throw new SharedTransactionAbortedException(
                    "A message in the same transaction broke it (its savepoint could not be restored); every message " +
                    "in it runs again.");
            }

            if (batch.Members.Count == 0)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return;
            }

            // Not cancellable: a commit interrupted halfway leaves its members unsure whether they took effect.
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogContext.Warning?.Log(ex, "A shared transaction of {Count} messages did not commit; each runs again",
                batch.Members.Count);
            // Whatever failed the commit, it was no single member's fault: each is retried as transient, never
            // dead-lettered for it.
            var aborted = ex as SharedTransactionAbortedException
                ?? new SharedTransactionAbortedException("The shared transaction did not commit: " + ex.Message, ex);
            foreach (var member in batch.Members)
            {
                member.FailCommit(aborted);
            }

            return;
        }

        if (batch.OutboxRows)
        {
            signal.Notify();
        }

        PersistenceTelemetry.SharedTransactionSize.Record(batch.Members.Count);
        foreach (var member in batch.Members)
        {
            member.Commit();
        }
    }

    private sealed class Batch
    {
        public List<SharedTransactionTurn> Members { get; } = [];

        public bool OutboxRows { get; set; }

        public bool Broken { get; set; }
    }
}
