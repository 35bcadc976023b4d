using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>Serialises a service's decisions about one order across consumers, topics and replicas.</summary>
public static class OrderLockExtensions
{
    /// <summary>
    /// Takes the order's PostgreSQL advisory lock until the current transaction ends. Two messages about one order
    /// (a compensation overtaking its command on another topic, or two replicas during a rebalance) then decide one
    /// after the other, and the second sees what the first committed, instead of both finding nothing and racing to
    /// insert the same row. The key is the order id folded to 64 bits; two orders that collide only wait for each
    /// other.
    /// </summary>
    public static async Task LockOrderAsync(this DatabaseFacade database, Guid orderId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Decisions about an order run inside the message's transaction.");
        }

        await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey(orderId)})", cancellationToken);
    }

    private static long LockKey(Guid orderId)
    {
        Span<byte> bytes = stackalloc byte[16];
        orderId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes) ^ BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
    }
}
