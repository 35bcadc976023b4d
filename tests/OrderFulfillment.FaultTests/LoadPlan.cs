using System.Globalization;

namespace OrderFulfillment.FaultTests;

/// <summary>One line of a planned order.</summary>
internal sealed record PlannedLine(string ProductId, int Quantity, decimal UnitPriceUsd);

/// <summary>An order the load driver will submit, and how it must end whatever fault is injected.</summary>
internal sealed record PlannedOrder(int Index, string IdempotencyKey, IReadOnlyList<PlannedLine> Lines,
    string ExpectedState, string? ExpectedReason)
{
    public decimal TotalUsd => Lines.Sum(l => l.Quantity * l.UnitPriceUsd);
}

/// <summary>
/// A seeded mix of orders whose outcome each order decides by itself, so it is known in advance and a fault cannot
/// legitimately change it: small orders of plentiful products complete (their stock covers every order at once),
/// orders asking more than a scarce product's whole stock are cancelled <c>out_of_stock</c> (reservation is all or
/// nothing), and orders above the payment gateway's 5,000 USD limit are cancelled <c>payment_failed</c>.
/// </summary>
internal sealed class LoadPlan
{
    public const string Completed = "Completed";
    public const string Cancelled = "Cancelled";
    private const int ScarceStock = 2;
    private const decimal SmallPrice = 12.5m;
    private const decimal DeclinedPrice = 6_000m;

    private LoadPlan(string name, IReadOnlyDictionary<string, int> initialStock, IReadOnlyList<PlannedOrder> orders)
    {
        Name = name;
        InitialStock = initialStock;
        Orders = orders;
    }

    public string Name { get; }

    /// <summary>Units seeded per product before the load.</summary>
    public IReadOnlyDictionary<string, int> InitialStock { get; }

    public IReadOnlyList<PlannedOrder> Orders { get; }

    /// <summary>Units that must have shipped per product once every order has ended as planned.</summary>
    public IReadOnlyDictionary<string, int> ExpectedShipped => InitialStock.Keys.ToDictionary(p => p, p => Orders
        .Where(o => o.ExpectedState == Completed).SelectMany(o => o.Lines).Where(l => l.ProductId == p)
        .Sum(l => l.Quantity));

    /// <summary>A plan named <paramref name="name"/> (unique on the platform: product ids and idempotency keys start
    /// with it) of <paramref name="orderCount"/> orders, the same for the same <paramref name="seed"/>.</summary>
    public static LoadPlan Create(string name, int seed, int orderCount)
    {
        var random = new Random(seed);
        var plentiful = Enumerable.Range(1, 4).Select(k => $"{name}-p{k}").ToArray();
        var scarce = Enumerable.Range(1, 2).Select(k => $"{name}-s{k}").ToArray();
        var orders = new List<PlannedOrder>();
        for (var i = 0; i < orderCount; i++)
        {
            var key = $"{name}-{i.ToString(CultureInfo.InvariantCulture)}";
            var roll = random.Next(100);
            var product = plentiful[random.Next(plentiful.Length)];
            if (roll < 70)
            {
                List<PlannedLine> lines = [new(product, random.Next(1, 4), SmallPrice)];
                if (random.Next(4) == 0)
                {
                    lines.Add(new(plentiful.First(p => p != product), 1, SmallPrice));
                }

                orders.Add(new(i, key, lines, Completed, null));
            }
            else if (roll < 85)
            {
                // One line more than the scarce product will ever have; a plentiful line beside it is not reserved
                // either.
                List<PlannedLine> lines =
                    [new(scarce[random.Next(scarce.Length)], ScarceStock + random.Next(1, 3), SmallPrice)];
                if (random.Next(2) == 0)
                {
                    lines.Insert(0, new(product, 1, SmallPrice));
                }

                orders.Add(new(i, key, lines, Cancelled, "out_of_stock"));
            }
            else
            {
                orders.Add(new(i, key, [new(product, 1, DeclinedPrice)], Cancelled, "payment_failed"));
            }
        }

        // Plentiful stock covers every order's demand at once, so no interleaving can make one of them short.
        var stock = plentiful.ToDictionary(p => p,
            p => orders.SelectMany(o => o.Lines).Where(l => l.ProductId == p).Sum(l => l.Quantity) + 5);
        foreach (var p in scarce)
        {
            stock[p] = ScarceStock;
        }

        return new LoadPlan(name, stock, orders);
    }
}
