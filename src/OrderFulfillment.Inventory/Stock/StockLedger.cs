using Microsoft.EntityFrameworkCore;
using OrderFulfillment.Contracts;
using OrderFulfillment.ServiceDefaults;

namespace OrderFulfillment.Inventory.Stock;

/// <summary>The outcome of a reservation request: reserved, or refused with a reason.</summary>
public sealed record ReservationOutcome(bool Reserved, string? Reason);

/// <summary>
/// Moves stock between available, reserved and shipped, and sets the available count for operators. Reserving,
/// releasing and shipping run inside the transaction of the message being handled, so the stock change, the
/// reservation row, the inbox row and the reply commit together or not at all. Rows are always updated in product-id
/// order, so two orders that share products cannot deadlock each other.
/// </summary>
/// <remarks>
/// Every decision about one order (reserve, release, ship) first takes that order's transaction-scoped lock, so two
/// consumers of the same order (two replicas during a rebalance, or a release overtaking its reservation on another
/// topic) decide one after the other, and the second sees what the first committed. Without it both would find no
/// reservation and race to insert one, and the loser would fail on the primary key instead of reaching the domain's
/// answer: a release that comes first leaves a tombstone and the late reservation is refused; a reservation that
/// comes first is given back by the release. Either way the order ends released with its stock available.
/// </remarks>
public sealed class StockLedger(InventoryDbContext db, TimeProvider time)
{
    private const string BeforeReservation = "before_reservation";

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// Reserves every line or none: each line is a conditional update (<c>available &gt;= quantity</c>), and the
    /// first that finds too little rolls the others back. An order already decided gets the same answer again.
    /// </summary>
    public async Task<ReservationOutcome> Reserve(Guid orderId, IReadOnlyList<OrderLine> lines,
        CancellationToken cancellationToken)
    {
        await db.Database.LockOrderAsync(orderId, cancellationToken);
        if (await db.Reservations.AsNoTracking()
            .SingleOrDefaultAsync(r => r.OrderId == orderId, cancellationToken) is { } decided)
        {
            return new ReservationOutcome(decided.Status is ReservationStatus.Reserved or ReservationStatus.Shipped,
                decided.Reason);
        }

        var wanted = lines.GroupBy(l => l.ProductId)
            .Select(g => new ReservedLine { OrderId = orderId, ProductId = g.Key, Quantity = g.Sum(l => l.Quantity) })
            .OrderBy(l => l.ProductId, StringComparer.Ordinal)
            .ToList();
        var transaction = db.Database.CurrentTransaction!;
        await transaction.CreateSavepointAsync(BeforeReservation, cancellationToken);
        foreach (var line in wanted)
        {
            var (productId, quantity, now) = (line.ProductId, line.Quantity, Now);
            var updated = await db.Stock
                .Where(s => s.ProductId == productId && s.Available >= quantity)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Available, x => x.Available - quantity)
                    .SetProperty(x => x.Reserved, x => x.Reserved + quantity)
                    .SetProperty(x => x.UpdatedAt, now), cancellationToken);
            if (updated == 0)
            {
                await transaction.RollbackToSavepointAsync(BeforeReservation, cancellationToken);
                return Decide(orderId, ReservationStatus.Rejected, $"out_of_stock: {productId}", []);
            }
        }

        return Decide(orderId, ReservationStatus.Reserved, null, wanted);
    }

    /// <summary>
    /// Gives back what the order holds, once. A release that finds no reservation closes the order to a late one.
    /// Returns whether this call released the order (false when it was already released, refused or shipped).
    /// </summary>
    public async Task<bool> Release(Guid orderId, CancellationToken cancellationToken)
    {
        var reservation = await LoadForUpdate(orderId, cancellationToken);
        if (reservation is null)
        {
            Decide(orderId, ReservationStatus.Released, "released_before_reservation", []);
            return true;
        }

        if (reservation.Status != ReservationStatus.Reserved)
        {
            return false;
        }

        await Move(reservation, toShipped: false, cancellationToken);
        reservation.Status = ReservationStatus.Released;
        reservation.UpdatedAt = Now;
        return true;
    }

    /// <summary>The order completed: its reserved units are shipped. Returns false when nothing was held.</summary>
    public async Task<bool> Ship(Guid orderId, CancellationToken cancellationToken)
    {
        var reservation = await LoadForUpdate(orderId, cancellationToken);
        if (reservation is not { Status: ReservationStatus.Reserved })
        {
            return false;
        }

        await Move(reservation, toShipped: true, cancellationToken);
        reservation.Status = ReservationStatus.Shipped;
        reservation.UpdatedAt = Now;
        return true;
    }

    /// <summary>
    /// An operator sets the units available for new orders; what is reserved or shipped is left alone. A product seen
    /// for the first time is created with nothing reserved or shipped.
    /// </summary>
    /// <remarks>
    /// One statement, which needs no transaction of its own: the upsert inserts or, when the row exists or a
    /// concurrent call inserts it first, waits for that row's lock and overwrites the count, so operators creating
    /// the same product at once all succeed. A reservation's conditional update waits for the same row lock and then
    /// checks the count that was set.
    /// </remarks>
    public async Task SetAvailable(string productId, int available, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(available);
        var now = Now;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO stock ("ProductId", "Available", "Reserved", "Shipped", "UpdatedAt")
            VALUES ({productId}, {available}, 0, 0, {now})
            ON CONFLICT ("ProductId")
            DO UPDATE SET "Available" = EXCLUDED."Available", "UpdatedAt" = EXCLUDED."UpdatedAt"
            """, cancellationToken);
    }

    private ReservationOutcome Decide(Guid orderId, ReservationStatus status, string? reason, List<ReservedLine> lines)
    {
        db.Reservations.Add(new Reservation { OrderId = orderId, Status = status, Reason = reason, Lines = lines,
            CreatedAt = Now, UpdatedAt = Now });
        return new ReservationOutcome(status == ReservationStatus.Reserved, reason);
    }

    /// <summary>
    /// Locks the reservation row, so a release and a shipment of the same order cannot both move its units.
    /// </summary>
    private async Task<Reservation?> LoadForUpdate(Guid orderId, CancellationToken cancellationToken)
    {
        await db.Database.LockOrderAsync(orderId, cancellationToken);
        var reservation = await db.Reservations
            .FromSql($"""SELECT * FROM reservations WHERE "OrderId" = {orderId} FOR UPDATE""")
            .SingleOrDefaultAsync(cancellationToken);
        if (reservation is not null)
        {
            await db.Entry(reservation).Collection(r => r.Lines).LoadAsync(cancellationToken);
        }

        return reservation;
    }

    private async Task Move(Reservation reservation, bool toShipped, CancellationToken cancellationToken)
    {
        foreach (var line in reservation.Lines.OrderBy(l => l.ProductId, StringComparer.Ordinal))
        {
            var (productId, quantity, now) = (line.ProductId, line.Quantity, Now);
            var stock = db.Stock.Where(s => s.ProductId == productId);
            _ = toShipped
                ? await stock.ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Reserved, x => x.Reserved - quantity)
                    .SetProperty(x => x.Shipped, x => x.Shipped + quantity)
                    .SetProperty(x => x.UpdatedAt, now), cancellationToken)
                : await stock.ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Reserved, x => x.Reserved - quantity)
                    .SetProperty(x => x.Available, x => x.Available + quantity)
                    .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        }
    }
}
