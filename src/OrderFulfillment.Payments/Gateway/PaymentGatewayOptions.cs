namespace OrderFulfillment.Payments.Gateway;

/// <summary>How the simulated gateway decides; bound from <c>Payments:Gateway</c>.</summary>
public sealed class PaymentGatewayOptions
{
    /// <summary>The configuration section, e.g. <c>Payments__Gateway__DeclineAboveUsd=100</c> in the environment.</summary>
    public const string Section = "Payments:Gateway";

    /// <summary>Amounts above this are declined; an amount equal to it is approved.</summary>
    public decimal DeclineAboveUsd { get; set; } = 5000m;
}
