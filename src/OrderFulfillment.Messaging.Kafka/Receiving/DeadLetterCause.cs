using System.Data.Common;
using System.Runtime.Serialization;
using System.Text.Json;

namespace OrderFulfillment.Messaging.Kafka.Receiving;

/// <summary>Why a record is dead-lettered, read from the exception that ended its handling (if any).</summary>
internal sealed record DeadLetterCause(string Reason, string? Field, string? SqlState)
{
    public const string Skipped = "skipped";
    public const string Invalid = "invalid";
    public const string Undeserializable = "undeserializable";
    public const string Faulted = "faulted";

    public static DeadLetterCause Of(Exception? exception)
    {
        if (exception is null)
        {
            return new DeadLetterCause(Skipped, null, null);
        }

        var chain = Chain(exception).ToList();
        var sqlState =
            chain.OfType<DbException>().Select(e => e.SqlState).FirstOrDefault(s => !string.IsNullOrEmpty(s));
        if (chain.OfType<InvalidMessageException>().FirstOrDefault() is { } invalid)
        {
            return new DeadLetterCause(Invalid, invalid.Field, sqlState);
        }

        var reason = chain.Any(e => e is SerializationException or JsonException) ? Undeserializable : Faulted;
        return new DeadLetterCause(reason, null, sqlState);
    }

    /// <summary>The exception and every exception inside it (inner exceptions and an aggregate's members).</summary>
    public static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        var seen = new HashSet<Exception>(ReferenceEqualityComparer.Instance);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current))
            {
                continue;
            }

            yield return current;
            if (current is AggregateException aggregate)
            {
                aggregate.InnerExceptions.Reverse().ToList().ForEach(pending.Push);
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
