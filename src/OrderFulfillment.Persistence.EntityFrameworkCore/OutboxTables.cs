using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;

namespace OrderFulfillment.Persistence.EntityFrameworkCore;

/// <summary>The hand-written statements of the inbox, with table and column names read from the service's model.</summary>
internal sealed record OutboxTables(string InsertInbox, string DeleteExpiredInbox)
{
    private static readonly ConcurrentDictionary<Type, OutboxTables> Cache = new();

    public static OutboxTables For(DbContext db) => Cache.GetOrAdd(db.GetType(), _ => Create(db));

    private static OutboxTables Create(DbContext db)
    {
        var inbox = db.Model.FindEntityType(typeof(InboxState))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no inbox; call modelBuilder.AddInboxStateEntity() in OnModelCreating.");
        var table = StoreObjectIdentifier.Table(inbox.GetTableName()!, inbox.GetSchema());
        var name = inbox.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        string Column(string property) => Quote(inbox.FindProperty(property)!.GetColumnName(table)!);

        return new OutboxTables(
            // ON CONFLICT makes a duplicate a zero-row insert instead of an error, which would abort the transaction.
            $"INSERT INTO {name} ({Column(nameof(InboxState.MessageId))}, {Column(nameof(InboxState.ConsumerId))}, {Column(nameof(InboxState.Consumed))}) " +
            "VALUES ({0}, {1}, {2}) ON CONFLICT DO NOTHING",
            $"DELETE FROM {name} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {name} WHERE {Column(nameof(InboxState.Consumed))} < {{0}} LIMIT {{1}}))");
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
