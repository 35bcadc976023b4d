using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore;

/// <summary>
/// The hand-written statements of the inbox, with table and column names read from the service's model.
/// </summary>
internal sealed record OutboxTables(string InsertInbox, string InsertInboxUnlessLegacy, string DeleteExpiredInboxOf,
    string DeleteExpiredInboxExcept)
{
    private static readonly ConcurrentDictionary<Type, OutboxTables> Cache = new();

    public static OutboxTables For(DbContext db) => Cache.GetOrAdd(db.GetType(), _ => Create(db));

    private static OutboxTables Create(DbContext db)
    {
        var inbox = db.Model.FindEntityType(typeof(InboxState))
            ?? throw new InvalidOperationException(
                $"{db.GetType().Name} has no inbox; call modelBuilder.AddInboxStateEntity() in OnModelCreating.");
        var table = StoreObjectIdentifier.Table(inbox.GetTableName()!, inbox.GetSchema());
        var name = inbox.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        string Column(string property) => Quote(inbox.FindProperty(property)!.GetColumnName(table)!);

        var messageId = Column(nameof(InboxState.MessageId));
        var consumerId = Column(nameof(InboxState.ConsumerId));
        var consumed = Column(nameof(InboxState.Consumed));
        var insert = $"INSERT INTO {name} ({messageId}, {consumerId}, {consumed}) ";
        string DeleteExpired(string consumers) =>
            $"DELETE FROM {name} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {name} WHERE {consumers} AND {consumed} < " +
            $"{{1}} LIMIT {{2}}))";

        return new OutboxTables(
            // ON CONFLICT makes a duplicate a zero-row insert instead of an error, which would abort the transaction.
            insert + "VALUES ({0}, {1}, {2}) ON CONFLICT DO NOTHING",
            // A consumer that was given an explicit id also honours the rows it wrote under its derived id before.
            insert + $"SELECT {{0}}, {{1}}, {{2}} WHERE NOT EXISTS (SELECT 1 FROM {name} WHERE {messageId} = {{0}} " +
                $"AND {consumerId} = {{3}}) ON CONFLICT DO NOTHING",
            DeleteExpired($"{consumerId} = ANY({{0}})"),
            DeleteExpired($"{consumerId} <> ALL({{0}})"));
    }

    private static string Quote(string identifier) => "\""
        + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
