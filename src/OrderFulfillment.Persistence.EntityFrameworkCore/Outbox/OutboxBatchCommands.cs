using Npgsql;
using NpgsqlTypes;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// The relay's two round trips per batch, as Npgsql batches on the DbContext's connection: BEGIN, the lock and the
/// read in one; the dead-letter insert, the delete and COMMIT in the other. A batch that read nothing (or was refused
/// the lock) ends with ROLLBACK instead, so an idle poll commits nothing.
/// </summary>
internal static class OutboxBatchCommands
{
    /// <summary>
    /// Begins the batch's transaction, takes the leadership lock and, if it got it, reads the next rows.
    /// </summary>
    public static async Task<(bool Leader, List<OutboxMessage> Rows)> BeginAndRead(NpgsqlConnection connection,
        OutboxStatements statements, long lockKey, int limit, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"),
                new NpgsqlBatchCommand(statements.Lock) { Parameters = { new() { Value = lockKey } } },
                new NpgsqlBatchCommand(statements.Read) { Parameters = { new() { Value = limit } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var leader = reader.GetString(0) == "true";
        await reader.NextResultAsync(cancellationToken);
        var rows = new List<OutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxMessage
            {
                SequenceNumber = reader.GetInt64(0),
                MessageId = reader.GetGuid(1),
                ConversationId = reader.IsDBNull(2) ? null : reader.GetGuid(2),
                Topic = reader.GetString(3),
                Key = reader.GetString(4),
                Value = reader.GetFieldValue<byte[]>(5),
                Headers = reader.GetString(6),
                Created = reader.GetDateTime(7),
            });
        }

        return (leader, rows);
    }

    /// <summary>
    /// Moves the refused rows to the dead letters, deletes every removed row and commits, in one round trip.
    /// </summary>
    public static async Task RemoveAndCommit(NpgsqlConnection connection, OutboxStatements statements,
        IReadOnlyList<long> removed, IReadOnlyList<OutboxDeadLetter> dead, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (dead.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statements.DeadLetter)
            {
                Parameters =
                {
                    new() { Value = dead.Select(d => d.SequenceNumber).ToArray(),
                        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                    new() { Value = dead.Select(d => d.Failed).ToArray(),
                        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                    new() { Value = dead.Select(d => d.Error).ToArray(),
                        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                },
            });
        }

        if (removed.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statements.Delete)
            {
                Parameters =
                    { new() { Value = removed.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint } },
            });
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ends the batch's transaction without effects; outside a transaction PostgreSQL only warns.</summary>
    public static async Task Rollback(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("ROLLBACK", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
