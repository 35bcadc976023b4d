using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>Failures that say nothing about the message: running it again later will succeed.</summary>
public static class TransientFailures
{
    /// <summary>
    /// True for database conflicts (a concurrent update of the same row, a unique-key race, a deadlock or
    /// serialization failure) and for unavailability (no pooled connection in time, a dropped connection, a server
    /// that is starting or full), however deeply EF Core, MassTransit or the saga wrapped them.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        DbUpdateException => true,
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable } => true,
        NpgsqlException { IsTransient: true } => true,
        TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };
}
