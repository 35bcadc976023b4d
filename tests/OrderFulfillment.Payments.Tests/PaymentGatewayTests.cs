using FluentAssertions;
using Microsoft.Extensions.Options;
using OrderFulfillment.Payments.Gateway;

namespace OrderFulfillment.Payments.Tests;

public sealed class PaymentGatewayTests
{
    private static PaymentGateway Gateway(decimal limit) =>
        new(Options.Create(new PaymentGatewayOptions { DeclineAboveUsd = limit }));

    [TestCase(0)]
    [TestCase(4999.99)]
    [TestCase(5000, TestName = "An amount equal to the limit is approved")]
    public void Amounts_up_to_the_limit_are_approved(decimal amount)
    {
        var order = Guid.NewGuid();

        var decision = Gateway(5000m).Authorise(order, amount);

        decision.Approved.Should().BeTrue();
        decision.Reference.Should().NotBeNullOrEmpty();
        decision.DeclineReason.Should().BeNull();
    }

    [TestCase(5000.01, "declined: amount 5000.01 USD is above the 5000 USD limit")]
    [TestCase(6000, "declined: amount 6000.00 USD is above the 5000 USD limit")]
    public void Amounts_above_the_limit_are_declined_with_the_reason(decimal amount, string reason)
    {
        var decision = Gateway(5000m).Authorise(Guid.NewGuid(), amount);

        decision.Should().Be(new GatewayDecision(false, null, reason));
    }

    [Test]
    public void The_limit_comes_from_the_options()
    {
        Gateway(100m).Authorise(Guid.NewGuid(), 100.01m).Approved.Should().BeFalse();
        Gateway(100m).Authorise(Guid.NewGuid(), 100m).Approved.Should().BeTrue();
    }

    [Test]
    public void A_retried_authorisation_of_the_same_order_gets_the_same_reference()
    {
        var order = Guid.NewGuid();
        var gateway = Gateway(5000m);

        gateway.Authorise(order, 10m).Reference.Should().Be(gateway.Authorise(order, 10m).Reference)
            .And.NotBe(gateway.Authorise(Guid.NewGuid(), 10m).Reference);
    }
}
