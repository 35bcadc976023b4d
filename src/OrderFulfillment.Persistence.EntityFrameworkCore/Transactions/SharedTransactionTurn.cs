using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Transactions;

/// <summary>
/// One message's place in a shared transaction: it waits for its turn, runs its statements on the lane's connection
/// inside a savepoint of its own, hands the connection back, and then waits for the shared commit. A failure rolls
/// back to its savepoint only, so the messages before and after it in the batch keep their effects.
/// </summary>
internal sealed class SharedTransactionTurn
{
    private const int Queued = 0, Running = 1, Abandoned = 2;

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<TurnOutcome> _finished =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;
    private DbConnection? _connection;
    private DbTransaction? _transaction;
    private string _savepoint = "";
    private bool _savepointCreated;
    private string? _ownConnectionString;

    /// <summary>
    /// Completes when the lane hands this message its connection; cancelled if it gave up while queued.
    /// </summary>
    public Task Started => _started.Task;

    /// <summary>What the message's turn came to, for the lane.</summary>
    internal Task<TurnOutcome> Finished => _finished.Task;

    /// <summary>Completes when the shared transaction committed; faults when it did not.</summary>
    public Task Committed => _committed.Task;

    internal bool TryStart(DbConnection connection, DbTransaction transaction, int index)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Queued) != Queued)
        {
            return false;
        }

        _connection = connection;
        _transaction = transaction;
        _savepoint = "message_" + index;
        _started.SetResult();
        return true;
    }

    /// <summary>Gives up a turn not yet started (the record's partition was revoked, say).</summary>
    internal bool TryAbandon()
    {
        if (Interlocked.CompareExchange(ref _state, Abandoned, Queued) != Queued)
        {
            return false;
        }

        _started.TrySetCanceled();
        return true;
    }

    /// <summary>
    /// Points <paramref name="db"/> at the shared connection and transaction, and opens the message's savepoint.
    /// </summary>
    public async Task EnlistAsync(DbContext db, CancellationToken cancellationToken)
    {
        // Given back on detach: a pooled context that lost it could never open a connection of its own again.
        _ownConnectionString = db.Database.GetConnectionString();
        db.Database.SetDbConnection(_connection, contextOwnsConnection: false);
        await db.Database.UseTransactionAsync(_transaction, cancellationToken);
        // The message's own savepoint already isolates a failure; EF's extra savepoint around every SaveChanges
        // would only spend another subtransaction id (PostgreSQL slows down past 64 per transaction).
        db.Database.AutoSavepointsEnabled = false;
        await _transaction!.SaveAsync(_savepoint, cancellationToken);
        _savepointCreated = true;
    }

    /// <summary>
    /// Ends the turn after the message's statements all succeeded; its effects wait for the shared commit.
    /// </summary>
    public void Succeed(DbContext db, bool addedOutboxRows)
    {
        Detach(db);
        _finished.TrySetResult(addedOutboxRows ? TurnOutcome.SucceededWithOutboxRows : TurnOutcome.Succeeded);
    }

    /// <summary>
    /// Ends the turn of a message that failed: its statements are rolled back to its savepoint. When even that fails
    /// (the connection broke), the whole shared transaction is lost, and the lane fails every message in it.
    /// </summary>
    public async Task FailAsync(DbContext db)
    {
        var outcome = TurnOutcome.Failed;
        try
        {
            // Without a savepoint nothing of this message reached the transaction (or the connection is gone, which
            // the next message's first statement reveals).
            if (_savepointCreated)
            {
                await _transaction!.RollbackAsync(_savepoint, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            outcome = TurnOutcome.BrokeTransaction;
        }

        Detach(db);
        _finished.TrySetResult(outcome);
    }

    internal void Commit() => _committed.TrySetResult();

    internal void FailCommit(Exception exception) => _committed.TrySetException(exception);

    internal void FailStart(Exception exception) => _started.TrySetException(exception);

    private void Detach(DbContext db)
    {
        // A retry of the same message may get the same DbContext again (MassTransit reuses the consume scope), and so
        // may any later scope (contexts are pooled): neither must find the connection of a batch that has moved on.
        db.Database.UseTransaction(null);
        db.Database.SetDbConnection(null, contextOwnsConnection: true);
        db.Database.SetConnectionString(_ownConnectionString);
        db.Database.AutoSavepointsEnabled = true;
    }
}

/// <summary>How a message's turn in a shared transaction ended.</summary>
internal enum TurnOutcome
{
    /// <summary>Its effects are in the transaction.</summary>
    Succeeded,

    /// <summary>Its effects are in the transaction, outbox rows among them.</summary>
    SucceededWithOutboxRows,

    /// <summary>It failed and was rolled back to its savepoint; the transaction goes on.</summary>
    Failed,

    /// <summary>It failed and its savepoint could not be restored: the transaction is lost.</summary>
    BrokeTransaction,
}
