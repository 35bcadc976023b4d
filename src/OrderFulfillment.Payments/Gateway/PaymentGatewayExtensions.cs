using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrderFulfillment.Payments.Gateway;

/// <summary>Registers the simulated gateway and its configuration.</summary>
public static class PaymentGatewayExtensions
{
    public static IHostApplicationBuilder AddPaymentGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentGatewayOptions>()
            .Bind(builder.Configuration.GetSection(PaymentGatewayOptions.Section))
            .Validate(o => o.DeclineAboveUsd >= 0,
                $"{PaymentGatewayOptions.Section}:DeclineAboveUsd must not be negative.")
            .Validate(o => o.IdempotencyWindow > TimeSpan.Zero,
                $"{PaymentGatewayOptions.Section}:IdempotencyWindow must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PaymentGateway>();
        return builder;
    }
}
