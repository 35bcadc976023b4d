using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// Appends <c>NOTIFY</c> to EF Core's command that inserts outbox rows, when <see cref="OutboxNotifications"/> says
/// another process's relay must be woken: the notification rides on a statement that runs anyway, costs no round trip,
/// and is sent by PostgreSQL exactly when the rows commit (and dropped if they roll back). It sees every command of the
/// context: <c>SaveChanges</c>, and outbox inserts written by hand with <c>ExecuteSql</c>.
/// </summary>
internal sealed class OutboxNotifyInterceptor(OutboxNotifications notifications) : DbCommandInterceptor
{
    // SaveChanges inserts outbox rows with a reader (it reads back their sequence numbers); ExecuteSql with a
    // non-query.
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result) => Append(command, eventData, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Append(command, eventData, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result) =>
        Append(command, eventData, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Append(command, eventData, result));

    private T Append<T>(DbCommand command, CommandEventData eventData, T result)
    {
        if (!notifications.Required || eventData.Context is not { } db
            || db.Model.FindEntityType(typeof(OutboxMessage)) is null)
        {
            return result;
        }

        var statements = OutboxStatements.For(db);
        if (command.CommandText.Contains(statements.InsertPrefix, StringComparison.Ordinal))
        {
            command.CommandText += ";\n" + statements.Notify;
        }

        return result;
    }
}
