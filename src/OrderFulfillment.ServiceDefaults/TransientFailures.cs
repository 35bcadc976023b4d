using Confluent.Kafka;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.Persistence.EntityFrameworkCore.Transactions;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>
/// Failures that say nothing about the message: running it again later will succeed. Only these are retried without
/// end; everything else (constraint violations, data errors, bugs) is permanent and gets a few tries at most.
/// </summary>
/// <remarks>
/// The list is explicit on purpose: a new kind of failure is permanent until someone decides it can heal, because a
/// permanent failure retried forever blocks its partition and repeats every side effect of the attempt.
/// </remarks>
public static class TransientFailures
{
    /// <summary>
    /// The SQLSTATEs that heal by themselves: <c>40001</c> serialization failure, <c>40P01</c> deadlock,
    /// <c>55P03</c> lock not available, <c>57P01</c> admin shutdown, <c>57P02</c> crash shutdown, <c>57P03</c>
    /// cannot connect now, <c>53300</c> too many connections; plus every state of class <c>08</c> (connection
    /// exception).
    /// </summary>
    public static IReadOnlySet<string> SqlStates { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.DeadlockDetected,
        PostgresErrorCodes.LockNotAvailable,
        PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.CrashShutdown,
        PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.TooManyConnections,
    };

    /// <summary>
    /// The Kafka errors that mean "a broker is unreachable or slow right now": transport failure, all brokers down,
    /// local, request and message timeouts, and a partition whose leader is unknown or moving.
    /// </summary>
    public static IReadOnlySet<ErrorCode> KafkaErrors { get; } = new HashSet<ErrorCode>
    {
        ErrorCode.Local_Transport,
        ErrorCode.Local_AllBrokersDown,
        ErrorCode.Local_TimedOut,
        ErrorCode.Local_MsgTimedOut,
        ErrorCode.RequestTimedOut,
        ErrorCode.BrokerNotAvailable,
        ErrorCode.LeaderNotAvailable,
        ErrorCode.NotLeaderForPartition,
        ErrorCode.NetworkException,
    };

    /// <summary>
    /// True, however deeply EF Core, MassTransit or the saga wrapped it, for: a PostgreSQL error whose SQLSTATE is in
    /// <see cref="SqlStates"/> or of class <c>08</c>; an Npgsql connection failure that Npgsql itself calls transient
    /// (the server unreachable, the connection dropped, no pooled connection in time); an optimistic-concurrency
    /// conflict (another writer changed the row; the retry reads the new version); a <see cref="TimeoutException"/>;
    /// EF Core's retry-limit wrapper only when what it gave up on is transient; and a non-fatal Kafka error in
    /// <see cref="KafkaErrors"/>; a <see cref="SharedTransactionAbortedException"/> (the message's shared transaction
    /// failed for whatever reason, which was not this message's). An <see cref="InvalidMessageException"/> is never
    /// transient.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        InvalidMessageException => false,
        SharedTransactionAbortedException => true,
        PostgresException postgres => IsTransient(postgres.SqlState),
        NpgsqlException { IsTransient: true } => true,
        DbUpdateConcurrencyException => true,
        TimeoutException => true,
        RetryLimitExceededException => exception.InnerException is { } cause && IsTransient(cause),
        KafkaException kafka => !kafka.Error.IsFatal && KafkaErrors.Contains(kafka.Error.Code),
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
        && aggregate.InnerExceptions.All(IsTransient), _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>True when <paramref name="sqlState"/> is in <see cref="SqlStates"/> or of class <c>08</c>.</summary>
    public static bool IsTransient(string sqlState) =>
        SqlStates.Contains(sqlState) || sqlState.StartsWith("08", StringComparison.Ordinal);
}
