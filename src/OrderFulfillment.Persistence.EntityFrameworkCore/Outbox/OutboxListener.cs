using MassTransit;
using Npgsql;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// Keeps one dedicated connection that <c>LISTEN</c>s on the outbox's channel and turns every notification (a commit of
/// outbox rows in another process) into an <see cref="OutboxSignal"/>. When the connection fails it reconnects with
/// backoff; while it is down <see cref="Healthy"/> is false and the relay polls at the short interval. Every
/// (re)connect signals once, as a commit made while no one listened was not announced to this process.
/// </summary>
internal sealed class OutboxListener(string connectionString, string channel, OutboxSignal signal,
    IOutboxDeliveryObserver? observer)
{
    private volatile bool _healthy;

    /// <summary>Whether the connection is listening now.</summary>
    public bool Healthy => _healthy;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Held for the life of the process, outside the pool the DbContexts share.
            Pooling = false,
            // WaitAsync sends a query this often, so a connection that died silently is noticed.
            KeepAlive = 30,
        };
        builder.ApplicationName = $"{builder.ApplicationName} outbox listener".TrimStart();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Notification += (_, _) => signal.Notify();
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand("LISTEN " + channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                _healthy = true;
                failures = 0;
                signal.Notify();
                observer?.Listening();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _healthy = false;
                LogContext.Warning?.Log(ex, "Outbox listener lost its connection; reconnecting");
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 100 * (1 << Math.Min(++failures, 9))));
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                _healthy = false;
            }
        }
    }
}
