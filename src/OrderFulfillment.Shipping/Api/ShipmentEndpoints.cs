using Microsoft.EntityFrameworkCore;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Shipping.Api;

/// <summary>
/// An order's shipment as the API shows it: <c>Created</c> or <c>Cancelled</c>. A shipment cancelled before it was
/// created has no tracking number or address.
/// </summary>
public sealed record ShipmentView(Guid OrderId, string Status, string? TrackingNumber, string? ShippingAddressId,
    DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);

/// <summary>Reading shipments, for operators, demos and tests; they are only ever created by messages.</summary>
public static class ShipmentEndpoints
{
    public static WebApplication MapShippingApi(this WebApplication app)
    {
        app.MapGroup("/shipments").WithTags("Shipping").RequireAuthorization(PlatformScopes.Operate)
            .MapGet("/{orderId:guid}", Get)
            .WithSummary("An order's shipment: its status (Created or Cancelled) and tracking number.");
        return app;
    }

    private static async Task<IResult> Get(Guid orderId, ShippingDbContext db, CancellationToken cancellationToken) =>
        await db.Shipments.AsNoTracking()
            .SingleOrDefaultAsync(s => s.OrderId == orderId, cancellationToken) is { } shipment
            ? Results.Ok(new ShipmentView(shipment.OrderId, shipment.Status.ToString(), shipment.TrackingNumber,
                shipment.ShippingAddressId, shipment.CreatedAt, shipment.CancelledAt))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown shipment",
                detail: $"No shipment is recorded for order '{orderId}'.");
}
