using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Orders;

namespace OrderFulfillment.Messaging.Avro.Tests;

/// <summary>Every contract, C# to Avro bytes in the Confluent wire format and back, with its latest schema.</summary>
public sealed class RoundTripTests
{
    private static IEnumerable<TestCaseData> Samples() =>
        ContractSamples.OneOfEach()
            .Append(new OrderPlaced(ContractSamples.EventId, ContractSamples.OccurredAt, ContractSamples.OrderId,
                "tenant-b", "customer-9", "address-1", [new("sku-1", 1, 5m)]))
            .Select(m => new TestCaseData(m).SetArgDisplayNames(m.Type + (m is OrderPlaced {
                CustomerReference: null } ? " without customerReference" : "")));

    [TestCaseSource(nameof(Samples))]
    public void A_message_reads_back_equal_with_its_time_at_microsecond_precision(IOrderMessage message)
    {
        var schema = ContractSchemas.Latest(message.GetType());
        var mapper = ContractRecordMapper.Create(message.GetType(), schema);

        var value = ConfluentWireFormat.Encode(42, mapper.ToRecord(message));
        var read = (IOrderMessage)mapper.FromRecord(ConfluentWireFormat.Decode(value, schema, schema));

        ConfluentWireFormat.ReadSchemaId(value).Should().Be(42);
        read.Should().BeOfType(message.GetType());
        read.Should().BeEquivalentTo(message,
            o => o.ComparingRecordsByMembers().RespectingRuntimeTypes().Excluding(m => m.OccurredAt));
        read.OccurredAt.UtcTicks.Should().Be(ContractSamples.ToMicroseconds(message.OccurredAt).UtcTicks);
        read.OccurredAt.Offset.Should().Be(TimeSpan.Zero, "Avro timestamps are UTC");
    }

    [Test]
    public void The_sample_time_has_ticks_below_a_microsecond_so_the_round_trip_shows_they_are_dropped()
    {
        ContractSamples.OccurredAt.UtcTicks.Should()
            .NotBe(ContractSamples.ToMicroseconds(ContractSamples.OccurredAt).UtcTicks);
    }

    [Test]
    public void The_samples_cover_every_topic_contract()
    {
        ContractSamples.OneOfEach().Select(m => m.GetType())
            .Should().BeEquivalentTo(Topics.All.Select(t => t.MessageType));
    }

    [Test]
    public void Order_lines_keep_their_order_and_prices_exactly()
    {
        var schema = ContractSchemas.Latest(typeof(OrderPlaced));
        var mapper = ContractRecordMapper.Create(typeof(OrderPlaced), schema);
        var placed = (OrderPlaced)ContractSamples.OneOfEach().First(m => m is OrderPlaced);

        var read = (OrderPlaced)mapper.FromRecord(ConfluentWireFormat.Decode(ConfluentWireFormat.Encode(1,
            mapper.ToRecord(placed)), schema, schema));

        read.Lines.Select(l => (l.ProductId, l.Quantity, l.UnitPriceUsd))
            .Should().Equal(placed.Lines.Select(l => (l.ProductId, l.Quantity, l.UnitPriceUsd)));
        read.Lines.Select(l => decimal.GetBits(l.UnitPriceUsd)[3] >> 16 & 0xFF)
            .Should().OnlyContain(scale => scale == 4, "decimals read back with the schema's scale");
        read.CustomerReference.Should().Be("PO-2026-118");
    }
}
