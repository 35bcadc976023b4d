using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrderFulfillment.Payments.Gateway;

/// <summary>A gateway's answer: an authorisation reference, or the reason it declined.</summary>
public sealed record GatewayDecision(bool Approved, string? Reference, string? DeclineReason);

/// <summary>
/// Stands in for a card gateway: approves up to a configured amount and declines above it, so demos and tests can
/// provoke a payment failure with a large order. Like a real gateway (Stripe's <c>Idempotency-Key</c>, say), it
/// remembers the idempotency key of every request for <see cref="PaymentGatewayOptions.IdempotencyWindow"/> and
/// answers a repeated key with the first answer, without charging again.
/// </summary>
public sealed class PaymentGateway(IOptions<PaymentGatewayOptions> options, TimeProvider time)
{
    private readonly Dictionary<string, (GatewayDecision Decision, DateTimeOffset At)> _seen =
        new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _requests;
    private int _authorisations;

    /// <summary>Requests received, repeated keys included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Authorisations that took effect: approved requests with a key not seen before.</summary>
    public int Authorisations => Volatile.Read(ref _authorisations);

    /// <summary>The idempotency key of an order's charge: <c>{orderId}:charge</c>.</summary>
    public static string ChargeKey(Guid orderId) => $"{orderId}:charge";

    /// <summary>
    /// Authorises <paramref name="amountUsd"/> for the order under <paramref name="idempotencyKey"/>. A key seen before
    /// gets the earlier decision again and authorises nothing more, whatever the amount, so a retried transaction that
    /// already reached the gateway cannot charge twice.
    /// </summary>
    public GatewayDecision Authorise(string idempotencyKey, Guid orderId, decimal amountUsd)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            _requests++;
            if (_seen.TryGetValue(idempotencyKey, out var earlier)
                && now - earlier.At < options.Value.IdempotencyWindow)
            {
                return earlier.Decision;
            }

            var decision = Decide(orderId, amountUsd);
            Forget(now);
            _seen[idempotencyKey] = (decision, now);
            if (decision.Approved)
            {
                _authorisations++;
            }

            return decision;
        }
    }

    private GatewayDecision Decide(Guid orderId, decimal amountUsd)
    {
        var limit = options.Value.DeclineAboveUsd;
        return amountUsd > limit
            ? new GatewayDecision(false, null,
                string.Create(CultureInfo.InvariantCulture,
                    $"declined: amount {amountUsd:0.00} USD is above the {limit} USD limit"))
            : new GatewayDecision(true, $"AUTH-{orderId:N}", null);
    }

    /// <summary>
    /// Drops keys older than the window, now and then, so memory stays bounded in a long-running service.
    /// </summary>
    private void Forget(DateTimeOffset now)
    {
        if (_seen.Count < 1024 || _seen.Count % 1024 != 0)
        {
            return;
        }

        var window = options.Value.IdempotencyWindow;
        foreach (var key in _seen.Where(e => now - e.Value.At >= window).Select(e => e.Key).ToList())
        {
            _seen.Remove(key);
        }
    }
}
