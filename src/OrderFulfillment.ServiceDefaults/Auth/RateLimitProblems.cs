using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OrderFulfillment.ServiceDefaults.Auth;

/// <summary>
/// The rate limiter every service has, with no limit of its own: services add named policies to their endpoints. A
/// refused request gets 429 problem details and, when the limiter knows it, <c>Retry-After</c> in whole seconds.
/// </summary>
public static class RateLimitProblems
{
    /// <summary>Registers the rate limiter with the problem-details rejection.</summary>
    public static IServiceCollection AddPlatformRateLimiter(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                var detail = "Too many requests; slow down.";
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                    context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    detail = $"Too many requests; retry after {seconds} s.";
                }

                return new ValueTask(AuthProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                    "Rate limit reached", detail));
            };
        });
}
