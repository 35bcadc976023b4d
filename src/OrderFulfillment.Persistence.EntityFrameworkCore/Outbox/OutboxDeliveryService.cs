using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OrderFulfillment.Messaging.Kafka.Sending;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// Delivers committed outbox rows to Kafka in sequence order and deletes them in batches (one statement per batch).
/// One instance per database delivers at a time (a PostgreSQL advisory lock), so records leave in the order they
/// were committed; the others stand by. A crash between produce and delete delivers a batch again, which downstream
/// inboxes recognise by message id.
/// </summary>
internal sealed class OutboxDeliveryService<TDbContext>(
    IServiceScopeFactory scopes,
    KafkaProducerClient producer,
    OutboxSignal signal,
    EntityFrameworkOutboxOptions options) : BackgroundService
    where TDbContext : DbContext
{
    // Advisory locks are per database and each service has its own database, so one constant key suffices.
    private const long LeaderLockKey = 0x4F7574626F78;

    private NpgsqlConnection? _leaderConnection;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = await TryLead(stoppingToken) ? await DeliverBatch(stoppingToken) : 0;
                failures = 0;
                if (delivered < options.QueryMessageLimit)
                {
                    await signal.WaitAsync(options.QueryDelay, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogContext.Warning?.Log(ex, "Outbox delivery failed; retrying");
                await ResetLeadership();
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 200 * (1 << Math.Min(++failures, 8)))), stoppingToken)
                    .ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await ResetLeadership();
    }

    private async Task<int> DeliverBatch(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var batch = await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.SequenceNumber).Take(options.QueryMessageLimit).ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        // Handed to the producer in sequence order, so per-partition order is kept while the batch is in flight at once.
        var produces = batch.Select(m => producer.ProduceAsync(m.Topic, OutboxRecords.ToRecord(m), cancellationToken)).ToList();
        var delivered = 0;
        Exception? failure = null;
        foreach (var produce in produces)
        {
            try
            {
                await produce;
                if (failure is null)
                {
                    delivered++;
                }
            }
            catch (Exception ex)
            {
                failure ??= ex;
            }
        }

        // Only the delivered prefix is deleted: what follows a failure is produced again, in order, next time.
        var sequenceNumbers = batch.Take(delivered).Select(m => m.SequenceNumber).ToList();
        await db.Set<OutboxMessage>().Where(m => sequenceNumbers.Contains(m.SequenceNumber)).ExecuteDeleteAsync(cancellationToken);
        if (failure is not null)
        {
            throw new InvalidOperationException($"Outbox delivery stopped after {delivered} of {batch.Count} records.", failure);
        }

        return delivered;
    }

    private async Task<bool> TryLead(CancellationToken cancellationToken)
    {
        if (_leaderConnection is { State: System.Data.ConnectionState.Open })
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<TDbContext>().Database.GetConnectionString();
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LeaderLockKey);
        if (await command.ExecuteScalarAsync(cancellationToken) is true)
        {
            _leaderConnection = connection;
            return true;
        }

        await connection.DisposeAsync();
        return false;
    }

    private async Task ResetLeadership()
    {
        if (_leaderConnection is not null)
        {
            // Closing the session releases the advisory lock.
            await _leaderConnection.DisposeAsync();
            _leaderConnection = null;
        }
    }
}
