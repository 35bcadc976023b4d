using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Inventory.Stock;
using OrderFulfillment.ServiceDefaults.Auth;

namespace OrderFulfillment.Inventory.Api;

/// <summary>Request body of <c>PUT /inventory/{productId}</c>.</summary>
/// <param name="Available">Units available for new orders; what is reserved or shipped is not changed.</param>
public sealed record SetStockRequest(int? Available);

/// <summary>A product's stock as the API shows it.</summary>
public sealed record StockView(string ProductId, int Available, int Reserved, int Shipped);

/// <summary>
/// Setting and reading stock, for operators, demos and tests: both need the <c>stock:write</c> scope.
/// </summary>
public static class InventoryEndpoints
{
    public static WebApplication MapInventoryApi(this WebApplication app)
    {
        var inventory = app.MapGroup("/inventory").WithTags("Inventory").RequireAuthorization(PlatformScopes.StockWrite)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        inventory.MapPut("/{productId}", SetAvailable)
            .WithSummary("Sets the units of a product available for new orders.");
        inventory.MapGet("/{productId}", Get)
            .WithSummary("A product's available, reserved and shipped units.");
        return app;
    }

    private static async Task<IResult> SetAvailable(string productId, SetStockRequest request, StockLedger ledger,
        InventoryDbContext db, CancellationToken cancellationToken)
    {
        if (productId.Length > StockItem.MaxProductIdLength)
        {
            return Invalid("productId", $"At most {StockItem.MaxProductIdLength} characters.");
        }

        if (request.Available is not { } available || available < 0)
        {
            return Invalid("available", "Required, and not negative.");
        }

        await ledger.SetAvailable(productId, available, cancellationToken);
        return await Get(productId, db, cancellationToken);
    }

    private static async Task<IResult> Get(string productId, InventoryDbContext db,
        CancellationToken cancellationToken) =>
        await db.Stock.AsNoTracking()
            .SingleOrDefaultAsync(s => s.ProductId == productId, cancellationToken) is { } stock
            ? Results.Ok(new StockView(stock.ProductId, stock.Available, stock.Reserved, stock.Shipped))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown product",
                detail: $"No stock is recorded for product '{productId}'.");

    private static IResult Invalid(string field, string error) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] });
}
