using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrderFulfillment.Payments.Gateway;

/// <summary>A gateway's answer: an authorisation reference, or the reason it declined.</summary>
public sealed record GatewayDecision(bool Approved, string? Reference, string? DeclineReason);

/// <summary>
/// Stands in for a card gateway: approves up to a configured amount and declines above it, so demos and tests can
/// provoke a payment failure with a large order.
/// </summary>
public sealed class PaymentGateway(IOptions<PaymentGatewayOptions> options)
{
    /// <summary>
    /// Authorises <paramref name="amountUsd"/> for the order. The order id is the idempotency key a real gateway
    /// would be given: the reference is derived from it, so a retried transaction gets the same authorisation
    /// instead of a second one.
    /// </summary>
    public GatewayDecision Authorise(Guid orderId, decimal amountUsd)
    {
        var limit = options.Value.DeclineAboveUsd;
        return amountUsd > limit
            ? new GatewayDecision(false, null,
                string.Create(CultureInfo.InvariantCulture, $"declined: amount {amountUsd:0.00} USD is above the {limit} USD limit"))
            : new GatewayDecision(true, $"AUTH-{orderId:N}", null);
    }
}
