using System.Runtime.Serialization;
using Avro;
using Avro.Generic;
using FluentAssertions;
using OrderFulfillment.Contracts.Orders;

namespace OrderFulfillment.Messaging.Avro.Tests;

/// <summary>
/// A value that is not a valid record of its schema always fails the same way, with a SerializationException that
/// says why, so the consumer can dead-letter it as undeserializable; and it fails at once, without a large allocation.
/// </summary>
public sealed class UnreadableValueTests
{
    private static readonly RecordSchema Schema = ContractSchemas.Latest(typeof(OrderPlaced));
    private static readonly byte[] Valid = ConfluentWireFormat.Encode(7,
        ContractRecordMapper.Create(typeof(OrderPlaced), Schema)
            .ToRecord(ContractSamples.OneOfEach().First(m => m is OrderPlaced)));

    private static IEnumerable<TestCaseData> Unreadable()
    {
        yield return new TestCaseData(Array.Empty<byte>(), "*empty*").SetArgDisplayNames("empty");
        yield return new TestCaseData(new byte[] { 0, 0, 0 }, "*fewer than the 5-byte header*")
            .SetArgDisplayNames("shorter than the header");
        yield return new TestCaseData((byte[])[1, .. Valid[1..]], "*not the magic byte*")
            .SetArgDisplayNames("wrong magic byte");
        yield return new TestCaseData("{\"orderId\":1}"u8.ToArray(), "*not the magic byte*").SetArgDisplayNames("JSON");
        yield return new TestCaseData(Valid[..5], "*not a valid Avro record*").SetArgDisplayNames("header only");
        yield return new TestCaseData(Valid[..^3], "*not a valid Avro record*").SetArgDisplayNames("truncated");
        yield return new TestCaseData((byte[])[.. Valid, 0], "*1 bytes after the Avro record*")
            .SetArgDisplayNames("trailing byte");
        yield return new TestCaseData((byte[])[0, 0, 0, 0, 7, .. Enumerable.Repeat((byte)0xAB, 200)],
            "*not a valid Avro record*").SetArgDisplayNames("garbage");
        yield return new TestCaseData((byte[])[0, 0, 0, 0, 7, 20, .. "not-a-uuid"u8], "*not a valid Avro record*")
            .SetArgDisplayNames("bad uuid");

        // A length prefix of 2^30 - 1 with five bytes behind it: Apache.Avro's own decoder allocates 1 GiB for this.
        yield return new TestCaseData(new byte[] { 0, 0, 0, 0, 7, 0xFE, 0xFF, 0xFF, 0xFF, 0x07 }, "*does not fit*")
            .SetArgDisplayNames("huge string length");
    }

    [TestCaseSource(nameof(Unreadable))]
    public void An_unreadable_value_is_a_serialization_exception_saying_why(byte[] value, string reason)
    {
        FluentActions.Invoking(() => ConfluentWireFormat.Decode(value, Schema, Schema))
            .Should().Throw<SerializationException>().WithMessage(reason);
    }

    [Test]
    public void A_huge_length_prefix_fails_without_allocating_for_it()
    {
        byte[] value = [0, 0, 0, 0, 7, 0xFE, 0xFF, 0xFF, 0xFF, 0x07];
        var before = GC.GetAllocatedBytesForCurrentThread();

        FluentActions.Invoking(() => ConfluentWireFormat.Decode(value, Schema, Schema))
            .Should().Throw<SerializationException>();

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Test]
    public void A_huge_array_count_fails_without_allocating_for_it()
    {
        // A valid OrderPlaced up to its lines, then a block of 2^29 lines with no bytes behind it.
        byte[] value = [.. Truncate(Valid), 0x80, 0x80, 0x80, 0x80, 0x04];
        var before = GC.GetAllocatedBytesForCurrentThread();

        FluentActions.Invoking(() => ConfluentWireFormat.Decode(value, Schema, Schema))
            .Should().Throw<SerializationException>().WithMessage("*items does not fit*");

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Test]
    public void The_schema_id_is_read_big_endian_after_the_magic_byte()
    {
        ConfluentWireFormat.ReadSchemaId(new byte[] { 0, 0x00, 0x01, 0x00, 0x02, 0xFF }).Should().Be(65538);
    }

    /// <summary>
    /// The valid value up to the start of its lines array: header, eventId, occurredAt, orderId and three strings.
    /// </summary>
    private static byte[] Truncate(byte[] valid)
    {
        var record = ConfluentWireFormat.Decode(valid, Schema, Schema);
        var withoutLines = new GenericRecord(Schema);
        foreach (var field in Schema.Fields)
        {
            withoutLines.Add(field.Pos,
                field.Name == "lines" ? Array.Empty<object>() : field.Name == "customerReference" ? null
                : record[field.Name]);
        }

        // An empty array is the single byte 0 and a null union branch the single byte 0: cut both off.
        var encoded = ConfluentWireFormat.Encode(7, withoutLines);
        return encoded[..^2];
    }
}
