using System.Globalization;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.ServiceDefaults.Operations;

namespace OrderFulfillment.Orchestrator.Reconciliation;

/// <summary>What the three ledgers hold for one order; null where a ledger has no record of it.</summary>
public sealed record OrderLedgers(OrderLedgerEntry? Inventory, OrderLedgerEntry? Payments, OrderLedgerEntry? Shipping);

/// <summary>A rule an order broke, and how.</summary>
public sealed record RuleBroken(string Rule, string Detail);

/// <summary>
/// What a finished saga implies for the ledgers. Completed: shipped once (a created shipment with the saga's tracking
/// number, the reserved units shipped) and charged once (the order's total). Cancelled: released (no units held or
/// shipped), not charged or refunded (no charge standing), not shipped (no created shipment).
/// </summary>
public static class ReconciliationRules
{
    public const string CompletedNotShipped = "completed_not_shipped";
    public const string CompletedStockNotShipped = "completed_stock_not_shipped";
    public const string CompletedNotCharged = "completed_not_charged";
    public const string CancelledStockHeld = "cancelled_stock_held";
    public const string CancelledCharged = "cancelled_charged";
    public const string CancelledShipped = "cancelled_shipped";

    /// <summary>Every rule with what it checks, in the order the API lists them.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [CompletedNotShipped] =
            "A completed order has exactly its one shipment: created, with the saga's tracking number.",
        [CompletedStockNotShipped] = "A completed order's reserved units were shipped by the inventory.",
        [CompletedNotCharged] = "A completed order is charged once, its total.",
        [CancelledStockHeld] = "A cancelled order holds no units: its reservation was released, refused or never made.",
        [CancelledCharged] = "A cancelled order is not charged, or its charge was refunded.",
        [CancelledShipped] = "A cancelled order has no created shipment.",
    };

    /// <summary>
    /// The rules <paramref name="order"/> breaks given <paramref name="ledgers"/>; none for an order not yet finished.
    /// </summary>
    public static IReadOnlyList<RuleBroken> Check(OrderState order, OrderLedgers ledgers)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(ledgers);
        var broken = new List<RuleBroken>();
        var (inventory, payments, shipping) =
            (ledgers.Inventory?.Status, ledgers.Payments?.Status, ledgers.Shipping?.Status);
        if (order.CurrentState == nameof(OrderStateMachine.Completed))
        {
            if (shipping != "Created" || ledgers.Shipping?.TrackingNumber != order.TrackingNumber)
            {
                broken.Add(new(CompletedNotShipped,
                    $"shipping has {Describe(shipping)} with tracking number " +
                    $"{ledgers.Shipping?.TrackingNumber ?? "none"}; the saga completed with " +
                    $"{order.TrackingNumber ?? "none"}"));
            }

            if (inventory != "Shipped")
            {
                broken.Add(new(CompletedStockNotShipped, $"inventory has {Describe(inventory)}, not Shipped"));
            }

            if (payments != "Charged" || ledgers.Payments?.AmountUsd != order.TotalUsd)
            {
                broken.Add(new(CompletedNotCharged,
                    $"payments has {Describe(payments)} of " +
                    $"{ledgers.Payments?.AmountUsd?.ToString(CultureInfo.InvariantCulture) ?? "nothing"} USD; " +
                    $"the order's total is {order.TotalUsd.ToString(CultureInfo.InvariantCulture)} USD"));
            }
        }
        else if (order.CurrentState == nameof(OrderStateMachine.Cancelled))
        {
            if (inventory is "Reserved" or "Shipped")
            {
                broken.Add(
                    new(CancelledStockHeld, $"inventory has the order's {ledgers.Inventory!.Units} units {inventory}"));
            }

            if (payments == "Charged")
            {
                var charged = ledgers.Payments!.AmountUsd?.ToString(CultureInfo.InvariantCulture);
                broken.Add(new(CancelledCharged, $"payments has a standing charge of {charged} USD"));
            }

            if (shipping == "Created")
            {
                broken.Add(new(CancelledShipped,
                    $"shipping has a created shipment, tracking number {ledgers.Shipping!.TrackingNumber}"));
            }
        }

        return broken;
    }

    private static string Describe(string? status) => status is null ? "no record" : $"status {status}";
}
