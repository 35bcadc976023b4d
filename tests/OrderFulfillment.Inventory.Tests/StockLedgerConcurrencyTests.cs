using FluentAssertions;
using OrderFulfillment.Contracts;

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
            _db.InTransaction(ledger => ledger.Reserve(Guid.NewGuid(), [new OrderLine("apple", 1, 1m)], CancellationToken.None), startLine))));

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
            _db.InTransaction(ledger => ledger.Reserve(Guid.NewGuid(), i % 2 == 0 ? applesFirst : pearsFirst, CancellationToken.None), startLine))));

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
        await _db.InTransaction(ledger => ledger.Reserve(order, [new OrderLine("apple", 4, 1m)], CancellationToken.None));

        var startLine = new StartLine(20);
        var moved = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => _db.InTransaction(ledger =>
            i % 2 == 0 ? ledger.Release(order, CancellationToken.None) : ledger.Ship(order, CancellationToken.None), startLine))));

        moved.Should().ContainSingle(m => m, "the row lock lets exactly one of them move the units");
        var stock = await _db.StockOf("apple");
        (stock.Available + stock.Reserved + stock.Shipped).Should().Be(10);
        stock.Reserved.Should().Be(0);
        (stock.Available, stock.Shipped).Should().BeOneOf((10, 0), (6, 4));
    }
}
