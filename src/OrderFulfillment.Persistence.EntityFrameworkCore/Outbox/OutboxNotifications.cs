using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Persistence.EntityFrameworkCore.Configuration;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// Tells a transaction that stores outbox rows whether it must wake the relays of other processes with
/// <c>NOTIFY</c>, and gives the statement. A commit wakes this process's own relay through <see cref="OutboxSignal"/>;
/// <c>NOTIFY</c> is needed only when that relay is not the one delivering (delivery disabled here, or another process
/// held the leadership lock at this relay's last attempt). It is skipped otherwise because a notifying commit takes a
/// lock that PostgreSQL holds across the whole cluster until the commit is flushed: notifying transactions commit one
/// at a time, which halved commit throughput at 8 clients in pgbench here (docs/persistence.md).
/// </summary>
/// <remarks>
/// Outbox rows added through EF Core (<c>SaveChanges</c> on a context registered with <c>AddEntityFrameworkOutbox</c>)
/// carry the statement already: the outbox appends it to their <c>INSERT</c>. Code that writes outbox rows with its own
/// SQL appends <see cref="StatementFor"/> to one of the committing transaction's statements.
/// </remarks>
public sealed class OutboxNotifications
{
    private readonly bool _enabled;
    private volatile bool _localRelayLeads;

    internal OutboxNotifications(EntityFrameworkOutboxOptions options) => _enabled = options.CrossProcessNotifications;

    /// <summary>Whether a transaction that stores outbox rows should notify other processes' relays now.</summary>
    public bool Required => _enabled && !_localRelayLeads;

    /// <summary>
    /// The statement (<c>NOTIFY "OutboxMessage"</c>) to run in, or append with a semicolon to a statement of, the
    /// transaction that stores outbox rows of <paramref name="db"/>'s model; null when no other process needs it.
    /// PostgreSQL delivers it when that transaction commits, and drops it if it (or its savepoint) rolls back.
    /// </summary>
    public string? StatementFor(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Required ? OutboxStatements.For(db).Notify : null;
    }

    /// <summary>Records whether this process's relay got the leadership lock at its last attempt.</summary>
    internal void LocalRelayLed(bool leader) => _localRelayLeads = leader;
}
