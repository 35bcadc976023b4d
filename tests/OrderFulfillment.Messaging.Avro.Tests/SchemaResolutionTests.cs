using Avro;
using Avro.Generic;
using FluentAssertions;
using OrderFulfillment.Contracts.Orders;

namespace OrderFulfillment.Messaging.Avro.Tests;

/// <summary>
/// OrderPlaced v1 and v2 read each other as in a rolling upgrade: the writer's schema resolved to the reader's.
/// </summary>
public sealed class SchemaResolutionTests
{
    private static readonly RecordSchema V1 = ContractSchemas.Version(typeof(OrderPlaced), 1);
    private static readonly RecordSchema V2 = ContractSchemas.Version(typeof(OrderPlaced), 2);
    private static readonly OrderPlaced Placed = (OrderPlaced)ContractSamples.OneOfEach().First(m => m is OrderPlaced);

    [Test]
    public void A_v1_record_read_with_the_v2_schema_has_no_customer_reference_and_everything_else()
    {
        var v1Value =
            ConfluentWireFormat.Encode(1, AsV1(ContractRecordMapper.Create(typeof(OrderPlaced), V2).ToRecord(Placed)));

        var read = (OrderPlaced)ContractRecordMapper.Create(typeof(OrderPlaced), V2)
            .FromRecord(ConfluentWireFormat.Decode(v1Value, V1, V2));

        read.CustomerReference.Should().BeNull("the v2 schema's default");
        read.Should().BeEquivalentTo(Placed with { CustomerReference = null },
            o => o.ComparingRecordsByMembers().Excluding(m => m.OccurredAt));
    }

    [Test]
    public void A_v2_record_read_with_the_v1_schema_drops_the_customer_reference()
    {
        var v2Value =
            ConfluentWireFormat.Encode(2, ContractRecordMapper.Create(typeof(OrderPlaced), V2).ToRecord(Placed));

        var read = ConfluentWireFormat.Decode(v2Value, V2, V1);

        read.Schema.Should().BeSameAs(V1);
        read.TryGetValue("customerReference", out _).Should().BeFalse();
        read["customerId"].Should().Be(Placed.CustomerId);
        read["lines"].Should().BeOfType<object[]>().Which.Should().HaveCount(Placed.Lines.Count);
    }

    [Test]
    public void A_reader_that_cannot_resolve_the_writer_is_a_serialization_exception()
    {
        var value =
            ConfluentWireFormat.Encode(2, ContractRecordMapper.Create(typeof(OrderPlaced), V2).ToRecord(Placed));
        var unrelated = ContractSchemas.Latest(typeof(Contracts.Payments.PaymentFailed));

        FluentActions.Invoking(() => ConfluentWireFormat.Decode(value, V2, unrelated))
            .Should().Throw<System.Runtime.Serialization.SerializationException>().WithMessage(
                "*cannot be read as orderfulfillment.payments.PaymentFailed*");
    }

    /// <summary>The same order as a v1 producer would have written it.</summary>
    private static GenericRecord AsV1(GenericRecord v2)
    {
        var v1 = new GenericRecord(V1);
        foreach (var field in V1.Fields)
        {
            v1.Add(field.Pos, v2[field.Name]);
        }

        return v1;
    }
}
