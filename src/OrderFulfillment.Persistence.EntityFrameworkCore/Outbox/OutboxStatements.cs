using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// The hand-written statements of outbox delivery, with table and column names read from the service's model. The
/// relay sends them as Npgsql batches so that one batch costs two round trips: lock and read, then remove and commit.
/// </summary>
internal sealed record OutboxStatements(string Lock, string Read, string DeadLetter, string Delete, string Channel,
    string InsertPrefix)
{
    private static readonly ConcurrentDictionary<Type, OutboxStatements> Cache = new();

    // A transaction-local setting carries the lock's outcome from the lock statement to the read statement.
    private const string LeaderSetting = "orderfulfillment.outbox_leader";

    /// <summary>
    /// Appended to a statement of a committing transaction; PostgreSQL sends it when that transaction commits.
    /// </summary>
    public string Notify => "NOTIFY " + Channel;

    public static OutboxStatements For(DbContext db) => Cache.GetOrAdd(db.GetType(), _ => Create(db));

    private static OutboxStatements Create(DbContext db)
    {
        var (outbox, channel, column) = Table(db, typeof(OutboxMessage), "AddOutboxMessageEntity");
        var (dead, _, deadColumn) = Table(db, typeof(OutboxDeadLetter), "AddOutboxMessageEntity");
        string[] moved =
        [
            nameof(OutboxMessage.SequenceNumber), nameof(OutboxMessage.MessageId), nameof(OutboxMessage.ConversationId),
            nameof(OutboxMessage.Topic), nameof(OutboxMessage.Key), nameof(OutboxMessage.Value),
            nameof(OutboxMessage.Headers), nameof(OutboxMessage.Created),
        ];
        var sequence = column(nameof(OutboxMessage.SequenceNumber));
        var read = string.Join(", ", moved.Select(column));
        var into = string.Join(", ", moved.Select(deadColumn));
        return new OutboxStatements(
            // Its own statement, so the read after it takes its snapshot once the lock is held: a relay that got the
            // lock right after another one committed sees that commit's deletes.
            $"SELECT set_config('{LeaderSetting}', pg_try_advisory_xact_lock($1)::text, true)",
            // The condition has no column in it, so PostgreSQL checks it once before the scan: a relay refused the lock
            // reads nothing.
            $"SELECT {read} FROM {outbox} WHERE current_setting('{LeaderSetting}') = 'true' ORDER BY {sequence} " +
                $"LIMIT $1",
            $"INSERT INTO {dead} ({into}, {deadColumn(nameof(OutboxDeadLetter.Failed))}, " +
            $"{deadColumn(nameof(OutboxDeadLetter.Error))}) "
            + $"SELECT {string.Join(", ", moved.Select(c => "m." + column(c)))}, f.failed, f.error FROM {outbox} m "
            + $"JOIN unnest($1::bigint[], $2::timestamptz[], $3::text[]) AS f(sequence_number, failed, error) ON " +
                $"m.{sequence} = f.sequence_number",
            // One array parameter: one plan whatever the batch size.
            $"DELETE FROM {outbox} WHERE {sequence} = ANY($1)",
            // The table's name is the channel: each outbox wakes only its own relays.
            channel,
            $"INSERT INTO {outbox} ");
    }

    private static (string Name, string Channel, Func<string, string> Column) Table(DbContext db, Type entity,
        string mapping)
    {
        var type = db.Model.FindEntityType(entity)
            ?? throw new InvalidOperationException(
                $"{db.GetType().Name} has no {entity.Name}; call modelBuilder.{mapping}() in OnModelCreating.");
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var name = type.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        var channel = Quote(type.GetSchema() is { } s ? s + "." + table.Name : table.Name);
        return (name, channel, property => Quote(type.FindProperty(property)!.GetColumnName(table)!));
    }

    private static string Quote(string identifier) => "\""
        + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
