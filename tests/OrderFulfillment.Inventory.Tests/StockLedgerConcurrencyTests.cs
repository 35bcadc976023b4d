using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Inventory.Stock;

namespace OrderFulfillment.Inventory.Tests;

/// <summary>
/// Orders reserving at the same time, each in its own connection and transaction as concurrent consumers would. No
/// retries: the conditional updates must neither oversell nor deadlock, so any database error fails the test.
/// </summary>
public sealed class StockLedgerConcurrencyTests
{
    private InventoryDatabase _db = null!;

    [SetUp]
    public async Task CreateDatabase() => _db = await InventoryDatabase.CreateAsync();

    [Test]
    [CancelAfter(60_000)]
    public async Task Fifty_orders_for_twenty_units_reserve_exactly_twenty()
    {
        await _db.Stock("apple", 20);

        var startLine = new StartLine(50);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
            _db.InTransaction(ledger =>
                ledger.Reserve(Guid.NewGuid(), [new OrderLine("apple", 1, 1m)], CancellationToken.None), startLine))));

        outcomes.Count(o => o.Reserved).Should().Be(20);
        var stock = await _db.StockOf("apple");
        (stock.Available, stock.Reserved, stock.Shipped).Should().Be((0, 20, 0));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Orders_listing_shared_products_in_opposite_orders_neither_deadlock_nor_oversell()
    {
        await _db.Stock("apple", 15);
        await _db.Stock("pear", 25);
        OrderLine[] applesFirst = [new("apple", 1, 1m), new("pear", 1, 1m)];
        OrderLine[] pearsFirst = [.. applesFirst.Reverse()];

        var startLine = new StartLine(40);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            _db.InTransaction(ledger => ledger.Reserve(Guid.NewGuid(), i % 2 == 0 ? applesFirst : pearsFirst,
                CancellationToken.None), startLine))));

        outcomes.Count(o => o.Reserved).Should().Be(15, "each order needs an apple, and there are 15");
        var apple = await _db.StockOf("apple");
        var pear = await _db.StockOf("pear");
        (apple.Available, apple.Reserved).Should().Be((0, 15));
        (pear.Available, pear.Reserved).Should().Be((10, 15), "refused orders gave their pear back");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Concurrent_releases_and_shipments_of_one_order_move_its_units_once()
    {
        await _db.Stock("apple", 10);
        var order = Guid.NewGuid();
        await _db.InTransaction(ledger =>
            ledger.Reserve(order, [new OrderLine("apple", 4, 1m)], CancellationToken.None));

        var startLine = new StartLine(20);
        var moved = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => _db.InTransaction(ledger =>
            i % 2 == 0 ? ledger.Release(order, CancellationToken.None) : ledger.Ship(order, CancellationToken.None),
            startLine))));

        moved.Should().ContainSingle(m => m, "the row lock lets exactly one of them move the units");
        var stock = await _db.StockOf("apple");
        (stock.Available + stock.Reserved + stock.Shipped).Should().Be(10);
        stock.Reserved.Should().Be(0);
        (stock.Available, stock.Shipped).Should().BeOneOf((10, 0), (6, 4));
    }

    // Two consumers of one order (replicas during a rebalance; the release overtaking its reservation on its own
    // topic) run the two commands at the same moment, many times over. No retries: the race itself must end in the
    // domain's answer, not in a primary-key violation to be retried.
    [Test]
    [CancelAfter(120_000)]
    public async Task A_release_racing_its_reservation_always_ends_released_with_stock_conserved()
    {
        // Batches of 20 pairs, each batch started together: 40 transactions fit the connection pool (a start line
        // wider than the pool would wait forever for runners that cannot connect).
        const int batches = 3;
        const int pairs = 20;
        await _db.Stock("apple", 1000);
        var ids = new List<Guid>();
        var runs = new List<(Task<ReservationOutcome> Reserve, Task<bool> Release)>();
        for (var batch = 0; batch < batches; batch++)
        {
            var startLine = new StartLine(pairs * 2);
            var batchIds = Enumerable.Range(0, pairs).Select(_ => Guid.NewGuid()).ToList();
            var batchRuns = batchIds.Select(order => (
                Reserve: Task.Run(() => _db.InTransaction(ledger => ledger.Reserve(order, [new OrderLine("apple", 3,
                    1m)], CancellationToken.None), startLine)),
                Release: Task.Run(() =>
                    _db.InTransaction(ledger => ledger.Release(order, CancellationToken.None), startLine)))).ToList();
            await Task.WhenAll(batchRuns.SelectMany(r => new Task[] { r.Reserve, r.Release }));
            ids.AddRange(batchIds);
            runs.AddRange(batchRuns);
        }

        foreach (var (order, run) in ids.Zip(runs))
        {
            var reservation = await _db.ReservationOf(order);
            reservation!.Status.Should().Be(ReservationStatus.Released, "the release wins whichever came first");
            run.Release.Result.Should().BeTrue("the release either gave the units back or closed the order to them");
            if (!run.Reserve.Result.Reserved)
            {
                run.Reserve.Result.Reason.Should().Be("released_before_reservation");
                reservation.Lines.Should().BeEmpty("the late reservation was refused");
            }
        }

        var stock = await _db.StockOf("apple");
        (stock.Available, stock.Reserved, stock.Shipped)
            .Should().Be((1000, 0, 0), "every unit is back or was never taken");
        TestContext.Out.WriteLine(
            $"reservation first: {runs.Count(r => r.Reserve.Result.Reserved)}, release first: " +
            $"{runs.Count(r => !r.Reserve.Result.Reserved)}");
    }

    // The API's first write of a product is an insert: operators creating it at once must all succeed (one insert,
    // the rest updates), not fail on the primary key.
    [Test]
    [CancelAfter(60_000)]
    public async Task Operators_setting_a_new_product_at_once_all_succeed_and_one_count_wins()
    {
        var counts = Enumerable.Range(1, 20).ToList();

        var startLine = new StartLine(counts.Count);
        await Task.WhenAll(counts.Select(count => Task.Run(() =>
            _db.OutsideTransaction(ledger => ledger.SetAvailable("apple", count, CancellationToken.None), startLine))));

        var stock = await _db.StockOf("apple");
        stock.Available.Should().BeOneOf(counts);
        (stock.Reserved, stock.Shipped).Should().Be((0, 0));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Setting_the_count_while_orders_reserve_keeps_every_reserved_unit_and_never_oversells()
    {
        await _db.Stock("apple", 10);
        await _db.InTransaction(ledger => ReserveApples(ledger, 4));

        var startLine = new StartLine(25);
        var reservations = Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => _db.InTransaction(ledger => ReserveApples(ledger, 1), startLine))).ToList();
        var restocks = Enumerable.Range(0, 5).Select(_ => Task.Run(() =>
            _db.OutsideTransaction(ledger => ledger.SetAvailable("apple", 30, CancellationToken.None), startLine)));
        await Task.WhenAll(restocks.Concat<Task>(reservations));

        var reserved = reservations.Count(r => r.Result.Reserved);
        var stock = await _db.StockOf("apple");
        stock.Reserved.Should().Be(4 + reserved, "setting the available count leaves reserved units alone");
        stock.Available.Should().BeInRange(30 - reserved, 30, "reservations after the last restock took from its 30");
        stock.Shipped.Should().Be(0);
    }

    private static Task<ReservationOutcome> ReserveApples(StockLedger ledger, int quantity) =>
        ledger.Reserve(Guid.NewGuid(), [new OrderLine("apple", quantity, 1m)], CancellationToken.None);
}
