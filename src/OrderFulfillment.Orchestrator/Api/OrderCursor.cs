using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>
/// Where a page of <c>GET /orders</c> ended: the last order's placing time and id, the list's sort key. Orders placed
/// later sort before it, so new orders never shift the pages after the first. Opaque to clients (base64url), so its
/// content may change; one that does not decode is refused.
/// </summary>
public readonly record struct OrderCursor(DateTimeOffset PlacedAt, Guid OrderId)
{
    private const int Length = sizeof(long) + 16;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, PlacedAt.UtcTicks);
        OrderId.TryWriteBytes(bytes[sizeof(long)..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string text, [NotNullWhen(true)] out OrderCursor? cursor)
    {
        cursor = null;
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        Span<byte> bytes = stackalloc byte[Length + 3];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != Length)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new OrderCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.Slice(sizeof(long), 16)));
        return true;
    }
}
