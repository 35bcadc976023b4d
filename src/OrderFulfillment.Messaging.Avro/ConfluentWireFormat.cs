using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.Serialization;
using Avro;
using Avro.Generic;
using OrderFulfillment.Messaging.Avro.Mapping;
using OrderFulfillment.Messaging.Avro.Wire;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// Confluent's wire format of a record value: the magic byte 0, the writer's schema id as 4 bytes big-endian, then the
/// Avro binary encoding of the record. Byte for byte what Confluent's <c>AvroSerializer&lt;GenericRecord&gt;</c>
/// writes (a test proves it). Datum writers are cached per schema and readers per (writer, reader) pair, both by
/// schema instance: pass the long-lived instances a registry client caches, not a freshly parsed schema per call.
/// </summary>
public static class ConfluentWireFormat
{
    /// <summary>The first byte of every value in this format.</summary>
    public const byte MagicByte = 0;

    /// <summary>The magic byte and the schema id.</summary>
    public const int HeaderLength = 5;

    private static readonly ConcurrentDictionary<SchemaReference, DatumWriter<GenericRecord>> Writers = new();
    private static readonly ConcurrentDictionary<
        (SchemaReference Writer, SchemaReference Reader), DatumReader<GenericRecord>> Readers = new();

    // One buffer per thread, reused: encoding allocates only the value it returns.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    /// <summary>
    /// The value of <paramref name="record"/>, written with its own schema, registered as <paramref name="schemaId"/>.
    /// </summary>
    public static byte[] Encode(int schemaId, GenericRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var writer = Writers.GetOrAdd(new SchemaReference(record.Schema),
            static key => new GenericDatumWriter<GenericRecord>(key.Schema));
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var header = buffer.GetSpan(HeaderLength);
        header[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], schemaId);
        buffer.Advance(HeaderLength);
        writer.Write(record, new BufferEncoder(buffer));
        var value = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            // An unusually large record should not pin its buffer to the thread for good.
            _threadBuffer = null;
        }

        return value;
    }

    /// <summary>The schema id in the header of <paramref name="value"/>.</summary>
    /// <exception cref="SerializationException">The value is empty, shorter than the header, or does not start with the
    /// magic byte.</exception>
    public static int ReadSchemaId(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            throw new SerializationException(
                "The value is empty: an Avro value in the Confluent wire format has at least a 5-byte header.");
        }

        if (value[0] != MagicByte)
        {
            throw new SerializationException(
                $"The value starts with byte {value[0]}, not the magic byte {MagicByte} of the Confluent wire format.");
        }

        if (value.Length < HeaderLength)
        {
            throw new SerializationException(
                $"The value has {value.Length} bytes, fewer than the 5-byte header (magic byte and schema id) of the " +
                $"Confluent wire format.");
        }

        return BinaryPrimitives.ReadInt32BigEndian(value[1..HeaderLength]);
    }

    /// <summary>
    /// Reads <paramref name="value"/> (header included) written with <paramref name="writer"/> as a record of
    /// <paramref name="reader"/>, by Avro's schema resolution: fields the reader lacks are skipped, fields the writer
    /// lacks take the reader's defaults.
    /// </summary>
    /// <exception cref="SerializationException">
    /// The header is wrong, the bytes are not a record of <paramref name="writer"/> (garbage, truncated, or bytes left
    /// over), or <paramref name="writer"/> cannot be resolved to <paramref name="reader"/>.
    /// </exception>
    public static GenericRecord Decode(ReadOnlyMemory<byte> value, Schema writer, Schema reader)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(reader);
        ReadSchemaId(value.Span);
        var datumReader = Reader(writer, reader);
        var decoder = new MemoryDecoder(value[HeaderLength..]);
        GenericRecord record;
        try
        {
            record = datumReader.Read(null!, decoder);
        }
        catch (Exception ex) when (ex is not SerializationException)
        {
            // Garbage fails in many ways inside Apache.Avro (a bad uuid, an out-of-range union index, an int too
            // large); to a consumer each means the same: this value cannot be read.
            throw new SerializationException(
                $"The value is not a valid Avro record of {Describe(writer)}: {ex.Message}", ex);
        }

        if (decoder.Remaining != 0)
        {
            throw new SerializationException(
                $"The value has {decoder.Remaining} bytes after the Avro record of {Describe(writer)}: it was not " +
                $"written with that schema.");
        }

        return record;
    }

    private static DatumReader<GenericRecord> Reader(Schema writer, Schema reader)
    {
        var key = (new SchemaReference(writer), new SchemaReference(reader));
        if (Readers.TryGetValue(key, out var cached))
        {
            return cached;
        }

        try
        {
            return Readers.GetOrAdd(key,
                static k => new GenericDatumReader<GenericRecord>(k.Writer.Schema, k.Reader.Schema));
        }
        catch (AvroException ex)
        {
            throw new SerializationException(
                $"Data written with {Describe(writer)} cannot be read as {Describe(reader)}: {ex.Message}", ex);
        }
    }

    private static string Describe(Schema schema) => schema is NamedSchema named ? named.Fullname
        : schema.Tag.ToString();
}
