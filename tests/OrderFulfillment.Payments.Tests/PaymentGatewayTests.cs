using FluentAssertions;
using Microsoft.Extensions.Options;
using OrderFulfillment.Payments.Gateway;

namespace OrderFulfillment.Payments.Tests;

public sealed class PaymentGatewayTests
{
    private static PaymentGateway Gateway(decimal limit) =>
        new(Options.Create(new PaymentGatewayOptions { DeclineAboveUsd = limit }), TimeProvider.System);

    private static GatewayDecision Authorise(PaymentGateway gateway, Guid order, decimal amount) =>
        gateway.Authorise(PaymentGateway.ChargeKey(order), order, amount);

    [TestCase(0)]
    [TestCase(4999.99)]
    [TestCase(5000, TestName = "An amount equal to the limit is approved")]
    public void Amounts_up_to_the_limit_are_approved(decimal amount)
    {
        var order = Guid.NewGuid();

        var decision = Authorise(Gateway(5000m), order, amount);

        decision.Approved.Should().BeTrue();
        decision.Reference.Should().NotBeNullOrEmpty();
        decision.DeclineReason.Should().BeNull();
    }

    [TestCase(5000.01, "declined: amount 5000.01 USD is above the 5000 USD limit")]
    [TestCase(6000, "declined: amount 6000.00 USD is above the 5000 USD limit")]
    public void Amounts_above_the_limit_are_declined_with_the_reason(decimal amount, string reason)
    {
        var decision = Authorise(Gateway(5000m), Guid.NewGuid(), amount);

        decision.Should().Be(new GatewayDecision(false, null, reason));
    }

    [Test]
    public void The_limit_comes_from_the_options()
    {
        Authorise(Gateway(100m), Guid.NewGuid(), 100.01m).Approved.Should().BeFalse();
        Authorise(Gateway(100m), Guid.NewGuid(), 100m).Approved.Should().BeTrue();
    }

    [Test]
    public void A_retried_authorisation_of_the_same_order_gets_the_same_reference()
    {
        var order = Guid.NewGuid();
        var gateway = Gateway(5000m);

        Authorise(gateway, order, 10m).Reference.Should().Be(Authorise(gateway, order, 10m).Reference)
            .And.NotBe(Authorise(gateway, Guid.NewGuid(), 10m).Reference);
    }

    [Test]
    public void A_repeated_idempotency_key_gets_the_first_decision_and_authorises_nothing_more()
    {
        var order = Guid.NewGuid();
        var gateway = Gateway(5000m);
        var first = Authorise(gateway, order, 10m);

        var again = Authorise(gateway, order, 10m);
        var changedAmount = Authorise(gateway, order, 9000m);

        again.Should().Be(first);
        changedAmount.Should().Be(first, "the key decides, as with a real gateway, not the repeated request's body");
        (gateway.Requests, gateway.Authorisations).Should().Be((3, 1));
    }

    [Test]
    public void A_repeated_key_of_a_declined_request_stays_declined()
    {
        var order = Guid.NewGuid();
        var gateway = Gateway(100m);

        Authorise(gateway, order, 500m).Approved.Should().BeFalse();
        Authorise(gateway, order, 50m).Approved.Should().BeFalse("the first decision for the key stands");
        gateway.Authorisations.Should().Be(0);
    }

    [Test]
    public void Concurrent_requests_with_one_key_authorise_once()
    {
        var order = Guid.NewGuid();
        var gateway = Gateway(5000m);

        var decisions = Enumerable.Range(0, 32).AsParallel().Select(_ => Authorise(gateway, order, 10m)).ToList();

        decisions.Distinct().Should().ContainSingle();
        (gateway.Requests, gateway.Authorisations).Should().Be((32, 1));
    }
}
