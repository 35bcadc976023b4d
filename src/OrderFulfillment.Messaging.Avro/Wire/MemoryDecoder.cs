using System.Buffers.Binary;
using Avro;
using Avro.IO;
using Encoding = System.Text.Encoding;

namespace OrderFulfillment.Messaging.Avro.Wire;

/// <summary>
/// Avro binary decoding straight from a record value's bytes. Apache.Avro's <see cref="BinaryDecoder"/> reads a
/// stream byte by byte and trusts length prefixes: five garbage bytes claiming a 1 GiB string make it allocate 1 GiB.
/// This one reads from memory and refuses any length or item count larger than the bytes that are left, so a garbage
/// value fails at once, without a large allocation. (The price: an array block of more zero-byte items, such as nulls,
/// than there are bytes left is refused too; no contract has one.)
/// </summary>
internal sealed class MemoryDecoder(ReadOnlyMemory<byte> value) : Decoder
{
    private readonly ReadOnlyMemory<byte> _value = value;
    private int _position;

    /// <summary>The bytes not read yet.</summary>
    public int Remaining => _value.Length - _position;

    public void ReadNull()
    {
    }

    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw new AvroException($"{other} is not a boolean."),
    };

    public int ReadInt()
    {
        var value = ReadLong();
        return value is >= int.MinValue and <= int.MaxValue ? (int)value
            : throw new AvroException($"{value} does not fit an int.");
    }

    public long ReadLong()
    {
        ulong raw = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            raw |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (long)(raw >> 1) ^ -(long)(raw & 1);
            }
        }

        throw new AvroException("A variable-length integer is longer than 10 bytes.");
    }

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public byte[] ReadBytes() => Take(Length()).ToArray();

    public string ReadString() => Encoding.UTF8.GetString(Take(Length()));

    public int ReadEnum() => ReadInt();

    public long ReadArrayStart() => ItemCount();

    public long ReadArrayNext() => ItemCount();

    public long ReadMapStart() => ItemCount();

    public long ReadMapNext() => ItemCount();

    public int ReadUnionIndex() => ReadInt();

    public void ReadFixed(byte[] buffer) => ReadFixed(buffer, 0, buffer.Length);

    public void ReadFixed(byte[] buffer, int start, int length) => Take(length).CopyTo(buffer.AsSpan(start, length));

    public void SkipNull()
    {
    }

    public void SkipBoolean() => ReadBoolean();

    public void SkipInt() => ReadInt();

    public void SkipLong() => ReadLong();

    public void SkipFloat() => Take(4);

    public void SkipDouble() => Take(8);

    public void SkipBytes() => Take(Length());

    public void SkipString() => Take(Length());

    public void SkipEnum() => ReadLong();

    public void SkipUnionIndex() => ReadLong();

    public void SkipFixed(int len) => Take(len);

    private byte ReadByte() =>
        _position < _value.Length ? _value.Span[_position++]
        : throw new AvroException("The value ends in the middle of a record.");

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > Remaining)
        {
            throw new AvroException(
                $"The value ends in the middle of a record: {length} bytes wanted, {Remaining} left.");
        }

        var span = _value.Span.Slice(_position, length);
        _position += length;
        return span;
    }

    private int Length()
    {
        var length = ReadLong();
        return length >= 0 && length <= Remaining
            ? (int)length
            : throw new AvroException($"A length of {length} does not fit the {Remaining} bytes left.");
    }

    // A negative count is followed by the block's size in bytes (Avro lets writers add it to skip blocks quickly).
    private long ItemCount()
    {
        var count = ReadLong();
        if (count < 0)
        {
            ReadLong();
            count = -count;
        }

        return count >= 0 && count <= Remaining
            ? count
            : throw new AvroException($"A block of {count} items does not fit the {Remaining} bytes left.");
    }
}
