using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Saga;

/// <summary>
/// Loads a saga instance with its row locked (<c>FOR UPDATE</c>) through an ordinary LINQ query, which EF Core
/// translates once and caches, plus a tag this interceptor turns into the locking clause. The obvious alternative, a
/// raw-SQL query, is translated again on every call under a lock all loads share: profiled, that was a fifth of the
/// orchestrator's CPU, half of it waiting for that lock (docs/benchmarks.md), and EF Core cannot compile it.
/// </summary>
internal sealed class SagaRowLock : DbCommandInterceptor
{
    private const string Tag = "saga row lock";

    // EF Core writes a tag as a comment line before the statement.
    private const string TaggedPrefix = "-- " + Tag;

    public static SagaRowLock Instance { get; } = new();

    public static Task<TSaga?> LoadAsync<TSaga>(DbContext db, Guid correlationId, CancellationToken cancellationToken)
        where TSaga : class, MassTransit.ISaga =>
        Compiled<TSaga>.Load(db, correlationId, cancellationToken);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        Lock(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        Lock(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// The load as a compiled query: even a cached LINQ query is hashed and its parameters extracted from the
    /// expression tree on every call, which profiled at half of the load's CPU.
    /// </summary>
    private static class Compiled<TSaga>
        where TSaga : class, MassTransit.ISaga
    {
        public static readonly Func<DbContext, Guid, CancellationToken, Task<TSaga?>> Load =
            EF.CompileAsyncQuery((DbContext db, Guid correlationId, CancellationToken _) =>
                db.Set<TSaga>().TagWith(Tag).AsTracking().SingleOrDefault(x => x.CorrelationId == correlationId));
    }

    private static void Lock(DbCommand command)
    {
        if (command.CommandText.StartsWith(TaggedPrefix, StringComparison.Ordinal) &&
            !command.CommandText.EndsWith(" FOR UPDATE", StringComparison.Ordinal))
        {
            command.CommandText += " FOR UPDATE";
        }
    }
}
