using FluentAssertions;
using MassTransit;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.ServiceDefaults.Validation;

namespace OrderFulfillment.ServiceDefaults.Tests;

/// <summary>A record is the endpoint's contract only if its MT-MessageType header says so.</summary>
public sealed class MessageTypesTests
{
    [Test]
    public void The_endpoints_contract_is_accepted_alone_or_among_the_types_a_producer_lists()
    {
        var reserve = MessageUrn.ForTypeString<ReserveInventory>();

        FluentActions.Invoking(() => MessageTypes.Validate<ReserveInventory>(reserve)).Should().NotThrow();
        FluentActions.Invoking(() => MessageTypes.Validate<ReserveInventory>($"urn:message:Some:Interface;{reserve}"))
            .Should().NotThrow();
    }

    [TestCase("urn:message:OrderFulfillment.Contracts.Inventory:ReserveStock")]
    [TestCase("urn:message:OrderFulfillment.Contracts.Payments:ChargePayment")]
    [TestCase("")]
    [TestCase(null)]
    public void Another_or_an_unknown_type_is_invalid_and_names_the_header(string? header)
    {
        FluentActions.Invoking(() => MessageTypes.Validate<ReserveInventory>(header))
            .Should().Throw<InvalidMessageException>()
            .Which.Field.Should().Be(KafkaHeaders.MessageType);
    }

    [Test]
    public void A_prefix_of_the_contracts_urn_is_not_the_contract()
    {
        var charge = MessageUrn.ForTypeString<ChargePayment>();

        FluentActions.Invoking(() => MessageTypes.Validate<ChargePayment>(charge[..^1]))
            .Should().Throw<InvalidMessageException>();
    }
}
