using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>
/// Stores indexed dead letters, each at most once: a record already stored (read again after a restart or a rebalance)
/// is skipped.
/// </summary>
internal static class DeadLetterStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Inserts the dead letters not stored yet, in one transaction; the number inserted.</summary>
    public static async Task<int> InsertNew(OrdersDbContext db, IReadOnlyList<DeadLetter> letters,
        CancellationToken cancellationToken)
    {
        var inserted = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var d in letters)
        {
            var headers = JsonSerializer.Serialize(d.Headers, Json);
            inserted += await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO dead_letters ("Topic", "Partition", "Offset",
                    "SourceTopic", "SourcePartition", "SourceOffset", "Service", "ConsumerGroup",
                    "MessageType", "OrderId", "TenantId", "MessageId",
                    "Reason", "Field", "ExceptionType", "ExceptionMessage", "DeadLetteredAt", "IndexedAt",
                    "Key", "Value", "Headers", "Body", "BodyError", "Truncated", "Status", "Edited")
                VALUES ({d.Topic}, {d.Partition}, {d.Offset},
                    {d.SourceTopic}, {d.SourcePartition}, {d.SourceOffset}, {d.Service}, {d.ConsumerGroup},
                    {d.MessageType}, {d.OrderId}, {d.TenantId}, {d.MessageId},
                    {d.Reason}, {d.Field}, {d.ExceptionType}, {d.ExceptionMessage}, {d.DeadLetteredAt}, {d.IndexedAt},
                    {d.Key}, {d.Value}, {headers}::jsonb, {d.Body}::jsonb, {d.BodyError},
                    {d.Truncated}, {d.Status}, false)
                ON CONFLICT ("Topic", "Partition", "Offset") DO NOTHING
                """, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }
}
