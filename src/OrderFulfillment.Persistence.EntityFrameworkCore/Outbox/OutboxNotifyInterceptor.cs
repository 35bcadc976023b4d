using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

/// <summary>
/// Appends <c>NOTIFY</c> to EF Core's command that inserts outbox rows, when <see cref="OutboxNotifications"/> says
/// another process's relay must be woken: the notification rides on a statement that runs anyway, costs no round trip,
/// and is sent by PostgreSQL exactly when the rows commit. EF Core inserts outbox rows with a reader, as it reads back
/// their generated sequence numbers.
/// </summary>
internal sealed class OutboxNotifyInterceptor(OutboxNotifications notifications) : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        Append(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Append(command, eventData);
        return ValueTask.FromResult(result);
    }

    private void Append(DbCommand command, CommandEventData eventData)
    {
        if (!notifications.Required || eventData.Context is not { } db || db.Model.FindEntityType(typeof(OutboxMessage)) is null)
        {
            return;
        }

        var statements = OutboxStatements.For(db);
        if (command.CommandText.Contains(statements.InsertPrefix, StringComparison.Ordinal))
        {
            command.CommandText += ";\n" + statements.Notify;
        }
    }
}
