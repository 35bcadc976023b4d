using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Transactions;

/// <summary>
/// The shared transactions of <typeparamref name="TDbContext"/>: consumed messages of any endpoint queue here and run
/// in the next transaction of one of <see cref="EntityFrameworkOutboxOptions.TransactionLanes"/> lanes, up to
/// <see cref="EntityFrameworkOutboxOptions.MessagesPerTransaction"/> per commit.
/// </summary>
internal sealed class SharedTransactions<TDbContext> : IAsyncDisposable
    where TDbContext : DbContext
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly SharedTransactionLane<TDbContext>[] _lanes;
    private int _started;

    public SharedTransactions(IServiceScopeFactory scopes, EntityFrameworkOutboxOptions options, OutboxSignal signal)
    {
        _lanes = Enumerable.Range(0, Math.Max(1, options.TransactionLanes))
            .Select(_ =>
                new SharedTransactionLane<TDbContext>(scopes, options.MessagesPerTransaction, signal, _stopping.Token))
            .ToArray();
    }

    /// <summary>Waits until a lane hands the message its connection and transaction.</summary>
    public async Task<SharedTransactionTurn> TakeTurnAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            foreach (var lane in _lanes)
            {
                lane.Start();
            }
        }

        var turn = new SharedTransactionTurn();
        _lanes.MinBy(lane => lane.Waiting)!.Enqueue(turn);
        await using (cancellationToken.Register(() => turn.TryAbandon()))
        {
            await turn.Started;
        }

        return turn;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_lanes.Select(lane => lane.Completion));
        _stopping.Dispose();
    }
}
