using Microsoft.EntityFrameworkCore;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Payments.Api;

/// <summary>An order's payment as the API shows it.</summary>
/// <param name="OrderId">The order; one payment per order.</param>
/// <param name="CustomerId">Who was charged; empty for a voided order, whose charge never arrived.</param>
/// <param name="AmountUsd">The amount charged or declined; 0 when voided.</param>
/// <param name="Status">Charged, Declined, Refunded or Voided.</param>
/// <param name="Reason">Why it was declined or voided; null otherwise.</param>
public sealed record PaymentView(Guid OrderId, string CustomerId, decimal AmountUsd, string Status, string? Reason);

/// <summary>Reading payments, for operators, demos and tests; they are only ever changed by messages.</summary>
public static class PaymentEndpoints
{
    public static WebApplication MapPaymentsApi(this WebApplication app)
    {
        app.MapGroup("/payments").WithTags("Payments").RequireAuthorization(PlatformScopes.Operate)
            .MapGet("/{orderId:guid}", Get)
            .WithSummary("An order's payment: amount, status and, when declined or voided, why.");
        return app;
    }

    private static async Task<IResult> Get(Guid orderId, PaymentsDbContext db, CancellationToken cancellationToken) =>
        await db.Payments.AsNoTracking()
            .SingleOrDefaultAsync(p => p.OrderId == orderId, cancellationToken) is { } payment
            ? Results.Ok(new PaymentView(payment.OrderId, payment.CustomerId, payment.AmountUsd,
                payment.Status.ToString(), payment.Reason))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown payment",
                detail: $"No payment is recorded for order '{orderId}'.");
}
