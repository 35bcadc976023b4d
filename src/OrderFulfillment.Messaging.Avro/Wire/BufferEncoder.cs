using System.Buffers;
using System.Buffers.Binary;
using Avro.IO;
using Encoding = System.Text.Encoding;

namespace OrderFulfillment.Messaging.Avro.Wire;

/// <summary>
/// Avro binary encoding into a reusable buffer. Apache.Avro's <see cref="BinaryEncoder"/> writes to a stream byte by
/// byte and allocates an array for every string's UTF-8; this one encodes strings and integers straight into the
/// buffer. The bytes are the same (the Avro specification fixes them; a test compares with Confluent's serializer).
/// </summary>
internal sealed class BufferEncoder(ArrayBufferWriter<byte> buffer) : Encoder
{
    private readonly ArrayBufferWriter<byte> _buffer = buffer;

    public void WriteNull()
    {
    }

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt(int value) => WriteLong(value);

    public void WriteLong(long value)
    {
        var span = _buffer.GetSpan(10);
        var zigZag = (ulong)((value << 1) ^ (value >> 63));
        var length = 0;
        while (zigZag >= 0x80)
        {
            span[length++] = (byte)(zigZag | 0x80);
            zigZag >>= 7;
        }

        span[length++] = (byte)zigZag;
        _buffer.Advance(length);
    }

    public void WriteFloat(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteBytes(byte[] value) => WriteBytes(value, 0, value.Length);

    public void WriteBytes(byte[] value, int offset, int length)
    {
        WriteLong(length);
        WriteFixed(value, offset, length);
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteLong(length);
        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length)));
    }

    public void WriteEnum(int value) => WriteLong(value);

    // Arrays and maps are blocks: a count, the items, and a count of 0 to end (an empty one is just the 0).
    public void SetItemCount(long value)
    {
        if (value > 0)
        {
            WriteLong(value);
        }
    }

    public void StartItem()
    {
    }

    public void WriteArrayStart()
    {
    }

    public void WriteArrayEnd() => WriteLong(0);

    public void WriteMapStart()
    {
    }

    public void WriteMapEnd() => WriteLong(0);

    public void WriteUnionIndex(int value) => WriteLong(value);

    public void WriteFixed(byte[] data) => WriteFixed(data, 0, data.Length);

    public void WriteFixed(byte[] data, int start, int len) => _buffer.Write(data.AsSpan(start, len));

    public void Flush()
    {
    }

    private void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
