namespace OrderFulfillment.Payments.Gateway;

/// <summary>How the simulated gateway decides; bound from <c>Payments:Gateway</c>.</summary>
public sealed class PaymentGatewayOptions
{
    /// <summary>
    /// The configuration section, e.g. <c>Payments__Gateway__DeclineAboveUsd=100</c> in the environment.
    /// </summary>
    public const string Section = "Payments:Gateway";

    /// <summary>Amounts above this are declined; an amount equal to it is approved.</summary>
    public decimal DeclineAboveUsd { get; set; } = 5000m;

    /// <summary>
    /// How long the gateway remembers an idempotency key and answers it with its first decision (a real gateway keeps
    /// keys for about a day, on its own side). The simulated gateway keeps them in the payment service's memory, so a
    /// restart forgets them; a real gateway does not.
    /// </summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);
}
