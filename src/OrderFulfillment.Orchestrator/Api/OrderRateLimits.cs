using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrderFulfillment.Orchestrator.Api;

/// <summary>
/// How many orders one tenant may submit (section <c>RateLimits:OrdersPerTenant</c>): a token bucket per tenant.
/// </summary>
public sealed class OrderRateLimitSettings
{
    public const string Section = "RateLimits:OrdersPerTenant";

    /// <summary>
    /// Orders a tenant may submit at once after a quiet spell. The default is a safety net, not a quota: it holds more
    /// than the benchmark's largest scenario (10,000 orders from one tenant, as fast as it can), so the embedded
    /// platform never throttles the benchmark however fast the machine; a deployment sets what its tenants have bought.
    /// </summary>
    public int Burst { get; set; } = 20_000;

    /// <summary>Orders added back to a tenant's bucket every <see cref="Period"/>.</summary>
    public int OrdersPerPeriod { get; set; } = 5000;

    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>The per-tenant limit on <c>POST /orders</c>; refusals are 429 problem details with Retry-After.</summary>
public static class OrderRateLimits
{
    public const string PerTenantPolicy = "orders-per-tenant";

    public static IHostApplicationBuilder AddOrderRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrderRateLimitSettings>()
            .Bind(builder.Configuration.GetSection(OrderRateLimitSettings.Section))
            .Validate(s => s.Burst > 0 && s.OrdersPerPeriod > 0 && s.Period > TimeSpan.Zero,
                "RateLimits:OrdersPerTenant: Burst, OrdersPerPeriod and Period must be positive.")
            .ValidateOnStart();
        builder.Services.Configure<RateLimiterOptions>(options => options.AddPolicy(PerTenantPolicy, http =>
        {
            var settings = http.RequestServices.GetRequiredService<IOptions<OrderRateLimitSettings>>().Value;
            // Authorisation runs first, so only valid tokens get here; one without a tenant claim is refused by the
            // endpoint.
            return RateLimitPartition.GetTokenBucketLimiter(OrderEndpoints.Tenant(http.User) ?? string.Empty,
                _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.Burst,
                TokensPerPeriod = settings.OrdersPerPeriod,
                ReplenishmentPeriod = settings.Period,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }));
        return builder;
    }
}
