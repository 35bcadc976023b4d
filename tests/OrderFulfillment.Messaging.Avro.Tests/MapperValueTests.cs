using System.Numerics;
using System.Runtime.Serialization;
using Avro;
using Avro.Generic;
using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Payments;

namespace OrderFulfillment.Messaging.Avro.Tests;

/// <summary>The values the mapper hands Apache.Avro, and the values it refuses rather than bend.</summary>
public sealed class MapperValueTests
{
    private static readonly RecordSchema Charged = ContractSchemas.Latest(typeof(PaymentCharged));
    private static readonly ContractRecordMapper Mapper = ContractRecordMapper.Create(typeof(PaymentCharged), Charged);

    private static PaymentCharged WithAmount(decimal amount) =>
        new(ContractSamples.EventId, ContractSamples.OccurredAt, ContractSamples.OrderId, "tenant-a", amount);

    [Test]
    public void Logical_types_get_the_values_Apache_Avro_expects()
    {
        var record = Mapper.ToRecord(WithAmount(12.5m));

        record["eventId"].Should().Be(ContractSamples.EventId, "the generic writer takes a Guid for uuid");
        record["occurredAt"].Should().BeOfType<DateTime>().Which.Kind.Should().Be(DateTimeKind.Utc);
        ((DateTime)record["occurredAt"]).Ticks.Should().Be(ContractSamples.ToMicroseconds(
            ContractSamples.OccurredAt).UtcTicks, "ticks below a microsecond are dropped");
        record["amountUsd"].Should().BeOfType<AvroDecimal>().Which.Should()
            .Be(new AvroDecimal(new BigInteger(125_000), 4), "a decimal of exactly the schema's scale");
    }

    [TestCase("0.00001")]
    [TestCase("12.34567")]
    public void An_amount_with_more_decimals_than_the_scale_is_refused_not_rounded(string amount)
    {
        FluentActions.Invoking(() =>
            Mapper.ToRecord(WithAmount(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture))))
            .Should().Throw<ArgumentException>().WithMessage($"{amount} has more than the 4 decimal places*");
    }

    [Test]
    public void Trailing_zeros_beyond_the_scale_lose_nothing_and_are_accepted()
    {
        ((AvroDecimal)Mapper.ToRecord(WithAmount(1.230000m))["amountUsd"]).UnscaledValue.Should()
            .Be(new BigInteger(12_300));
    }

    [Test]
    public void An_amount_with_more_digits_than_the_precision_is_refused()
    {
        Mapper.ToRecord(WithAmount(99_999_999_999_999.9999m))
            .Should().NotBeNull("14 integer digits and 4 decimals fit a precision of 18");
        FluentActions.Invoking(() => Mapper.ToRecord(WithAmount(100_000_000_000_000m)))
            .Should().Throw<ArgumentException>().WithMessage("*more than the 18 digits*");
    }

    [Test]
    public void A_null_where_the_schema_has_no_null_is_refused_naming_the_field()
    {
        FluentActions.Invoking(() => Mapper.ToRecord(WithAmount(1m) with { TenantId = null! }))
            .Should().Throw<ArgumentException>().WithMessage("PaymentCharged.tenantId is null*");
    }

    [Test]
    public void A_message_of_another_type_is_refused()
    {
        FluentActions.Invoking(() =>
            Mapper.ToRecord(new RefundPayment(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "t")))
            .Should().Throw<ArgumentException>().WithMessage("This mapper maps PaymentCharged, not RefundPayment*");
    }

    [Test]
    public void A_decimal_too_large_for_CSharp_is_a_serialization_exception()
    {
        var record = Mapper.ToRecord(WithAmount(1m));
        record.Add("amountUsd", new AvroDecimal(BigInteger.Pow(10, 40), 4));

        FluentActions.Invoking(() => Mapper.FromRecord(record))
            .Should().Throw<SerializationException>().WithMessage("PaymentCharged.amountUsd cannot be read*");
    }

    public sealed record Checked(int Count)
    {
        public int Count { get; } = Count >= 0 ? Count
            : throw new ArgumentOutOfRangeException(nameof(Count), "not negative");
    }

    [Test]
    public void A_value_the_constructor_refuses_is_a_serialization_exception()
    {
        var schema = (RecordSchema)Schema.Parse(
            """{"type":"record","name":"Checked","fields":[{"name":"count","type":"int"}]}""");
        var record = new GenericRecord(schema);
        record.Add("count", -1);

        FluentActions.Invoking(() => ContractRecordMapper.Create(typeof(Checked), schema).FromRecord(record))
            .Should().Throw<SerializationException>().WithMessage(
                "Checked cannot be constructed from the record: not negative*");
    }

    [Test]
    public void A_mapper_is_built_once_per_type_and_schema_instance()
    {
        ContractRecordMapper.Create(typeof(PaymentCharged), Charged).Should().BeSameAs(Mapper);
        ContractRecordMapper.Create(typeof(PaymentCharged), (RecordSchema)Schema.Parse(Charged.ToString()))
            .Should().NotBeSameAs(Mapper);
    }

    [Test]
    public void A_record_of_an_equal_schema_parsed_separately_still_maps_by_field_name()
    {
        var otherInstance = (RecordSchema)Schema.Parse(Charged.ToString());
        var record = new GenericRecord(otherInstance);
        var mine = Mapper.ToRecord(WithAmount(3m));
        foreach (var field in otherInstance.Fields)
        {
            record.Add(field.Pos, mine[field.Name]);
        }

        Mapper.FromRecord(record).Should().BeOfType<PaymentCharged>().Which.AmountUsd.Should().Be(3m);
    }

    [Test]
    public void Lists_of_any_IReadOnlyList_implementation_map()
    {
        var mapper = ContractRecordMapper.Create(typeof(Contracts.Inventory.ReserveInventory),
            ContractSchemas.Latest(typeof(Contracts.Inventory.ReserveInventory)));
        IReadOnlyList<OrderLine> lines = new List<OrderLine> { new("a", 1, 1m) }.AsReadOnly();

        var record = mapper.ToRecord(new Contracts.Inventory.ReserveInventory(Guid.NewGuid(), DateTimeOffset.UtcNow,
            Guid.NewGuid(), "t", lines));

        record["lines"].Should().BeOfType<object[]>().Which.Should().ContainSingle().Which.Should()
            .BeOfType<GenericRecord>();
    }
}
