using System.Diagnostics;
using Npgsql;

namespace OrderFulfillment.FaultTests;

/// <summary>How waiting for a quiet platform ended.</summary>
internal sealed record QuiescenceResult(bool Reached, TimeSpan Elapsed, string State);

/// <summary>
/// Waits until the platform is quiet: every accepted order terminal, every outbox empty, every consumer group's lag
/// zero. It gives up when nothing has moved for <see cref="StallWindow"/> (a blocked partition or a lost message never
/// heals by waiting) or after <see cref="Cap"/>, and then says what was still pending.
/// </summary>
internal static class Quiescence
{
    /// <summary>
    /// Longer than the orchestrator's shortest default deadline (30 s), so a pending timeout counts as progress.
    /// </summary>
    public static readonly TimeSpan StallWindow = TimeSpan.FromSeconds(50);

    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(4);

    public static async Task<QuiescenceResult> WaitAsync(FaultPlatform platform, IReadOnlyCollection<Guid> orderIds,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var lastProgress = clock.Elapsed;
        string? lastSignature = null;
        var state = "not yet measured";
        while (true)
        {
            try
            {
                var (signature, description, quiet) = await Measure(platform, orderIds, cancellationToken);
                state = description;
                if (quiet)
                {
                    return new QuiescenceResult(true, clock.Elapsed, description);
                }

                if (signature != lastSignature)
                {
                    lastSignature = signature;
                    lastProgress = clock.Elapsed;
                }
            }
            catch (Exception e) when (e is NpgsqlException or Confluent.Kafka.KafkaException or TimeoutException)
            {
                // PostgreSQL or Kafka still recovering: not quiet, and not a stall either.
                state = "unreachable: " + e.Message;
                lastProgress = clock.Elapsed;
            }

            if (clock.Elapsed - lastProgress > StallWindow || clock.Elapsed > Cap)
            {
                return new QuiescenceResult(false, clock.Elapsed, state);
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    /// <summary>Total lag per consumer group (high watermark minus committed offset), only groups with lag.</summary>
    public static Dictionary<string, long> Lag(FaultPlatform platform)
    {
        var lag = new Dictionary<string, long>(StringComparer.Ordinal);
        var highs = platform.Kafka.HighWatermarks(Topology.Consumed.Select(c => (c.Topic.Name, c.Topic.Partitions)));
        foreach (var consumed in Topology.Consumed)
        {
            var committed = platform.Kafka.Committed(consumed.Group, consumed.Topic.Name, consumed.Topic.Partitions);
            var total = committed.Sum(c => Math.Max(0, highs[c.Key] - c.Value));
            if (total > 0)
            {
                lag[consumed.Group] = total;
            }
        }

        return lag;
    }

    public static async Task<long> OutboxRows(FaultPlatform platform, CancellationToken cancellationToken)
    {
        long rows = 0;
        foreach (var connectionString in platform.ConnectionStrings.Values)
        {
            rows += await Database.Count(connectionString, """SELECT count(*) FROM "OutboxMessage" """,
                cancellationToken);
        }

        return rows;
    }

    private static async Task<(string Signature, string Description, bool Quiet)> Measure(FaultPlatform platform,
        IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken)
    {
        var terminal = await Database.Count(platform.ConnectionStrings["orders"],
            """
            SELECT count(*) FROM order_sagas
            WHERE "CorrelationId" = ANY($1) AND "CurrentState" IN ('Completed', 'Cancelled')
            """,
            cancellationToken, orderIds.ToArray());
        var outbox = await OutboxRows(platform, cancellationToken);
        var lag = Lag(platform);
        var lagText = lag.Count == 0 ? "none" : string.Join(", ", lag.Select(l => $"{l.Key}={l.Value}"));
        var description = $"{terminal} of {orderIds.Count} orders terminal, {outbox} outbox rows, lag: {lagText}";
        var quiet = terminal == orderIds.Count && outbox == 0 && lag.Count == 0;
        return ($"{terminal}/{outbox}/{lagText}", description, quiet);
    }
}
