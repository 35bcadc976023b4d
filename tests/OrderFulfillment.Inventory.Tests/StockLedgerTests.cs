using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Inventory.Stock;

namespace OrderFulfillment.Inventory.Tests;

public sealed class StockLedgerTests
{
    private InventoryDatabase _db = null!;

    [SetUp]
    public async Task CreateDatabase() => _db = await InventoryDatabase.CreateAsync();

    [Test]
    public async Task An_order_with_enough_stock_reserves_every_line()
    {
        await _db.Stock("apple", 10);
        await _db.Stock("pear", 5);
        var order = Guid.NewGuid();

        var outcome = await Reserve(order, Line("apple", 3), Line("pear", 5));

        outcome.Should().Be(new ReservationOutcome(true, null));
        await ExpectStock("apple", available: 7, reserved: 3);
        await ExpectStock("pear", available: 0, reserved: 5);
        var reservation = await _db.ReservationOf(order);
        reservation!.Status.Should().Be(ReservationStatus.Reserved);
        reservation.Lines.Select(l => (l.ProductId, l.Quantity)).Should().BeEquivalentTo([("apple", 3), ("pear", 5)]);
    }

    // The short product sorts last, so the lines before it were already taken and must be rolled back; and first.
    [TestCase("zucchini",
        TestName = "An order with one short line reserves nothing, when the short line is taken last")]
    [TestCase("aubergine",
        TestName = "An order with one short line reserves nothing, when the short line is taken first")]
    public async Task An_order_with_one_short_line_reserves_nothing(string shortProduct)
    {
        await _db.Stock("melon", 10);
        await _db.Stock("plum", 10);
        await _db.Stock(shortProduct, 1);
        var order = Guid.NewGuid();

        var outcome = await Reserve(order, Line("melon", 2), Line(shortProduct, 2), Line("plum", 4));

        outcome.Should().Be(new ReservationOutcome(false, $"out_of_stock: {shortProduct}"));
        await ExpectStock("melon", available: 10, reserved: 0);
        await ExpectStock("plum", available: 10, reserved: 0);
        await ExpectStock(shortProduct, available: 1, reserved: 0);
        var reservation = await _db.ReservationOf(order);
        reservation!.Status.Should().Be(ReservationStatus.Rejected);
        reservation.Lines.Should().BeEmpty();
    }

    [Test]
    public async Task An_unknown_product_refuses_the_order()
    {
        await _db.Stock("apple", 10);

        var outcome = await Reserve(Guid.NewGuid(), Line("apple", 1), Line("unicorn", 1));

        outcome.Should().Be(new ReservationOutcome(false, "out_of_stock: unicorn"));
        await ExpectStock("apple", available: 10, reserved: 0);
    }

    [Test]
    public async Task Lines_of_the_same_product_are_summed()
    {
        await _db.Stock("apple", 5);
        var order = Guid.NewGuid();

        (await Reserve(order, Line("apple", 2), Line("apple", 3))).Reserved.Should().BeTrue();

        await ExpectStock("apple", available: 0, reserved: 5);
        (await _db.ReservationOf(order))!.Lines.Should().ContainSingle().Which.Quantity.Should().Be(5);
    }

    [Test]
    public async Task Lines_of_the_same_product_that_fit_one_by_one_but_not_together_are_refused()
    {
        await _db.Stock("apple", 4);

        (await Reserve(Guid.NewGuid(), Line("apple", 2), Line("apple", 3))).Reserved.Should().BeFalse();

        await ExpectStock("apple", available: 4, reserved: 0);
    }

    [Test]
    public async Task A_repeated_reservation_gets_the_same_answer_without_reserving_twice()
    {
        await _db.Stock("apple", 10);
        var order = Guid.NewGuid();

        var first = await Reserve(order, Line("apple", 3));
        var again = await Reserve(order, Line("apple", 3));

        again.Should().Be(first).And.Be(new ReservationOutcome(true, null));
        await ExpectStock("apple", available: 7, reserved: 3);
    }

    [Test]
    public async Task A_repeated_refused_reservation_stays_refused_after_a_restock()
    {
        await _db.Stock("apple", 1);
        var order = Guid.NewGuid();
        var first = await Reserve(order, Line("apple", 3));
        await SetAvailable("apple", 10);

        var again = await Reserve(order, Line("apple", 3));

        again.Should().Be(first).And.Be(new ReservationOutcome(false, "out_of_stock: apple"));
        await ExpectStock("apple", available: 10, reserved: 0);
    }

    [Test]
    public async Task Release_gives_back_exactly_what_was_reserved_and_only_once()
    {
        await _db.Stock("apple", 10);
        await _db.Stock("pear", 5);
        var order = Guid.NewGuid();
        await Reserve(order, Line("apple", 3), Line("pear", 2));
        var other = Guid.NewGuid();
        await Reserve(other, Line("apple", 4));

        (await Release(order)).Should().BeTrue();
        await ExpectStock("apple", available: 6, reserved: 4);
        await ExpectStock("pear", available: 5, reserved: 0);

        (await Release(order)).Should().BeFalse("the order was already released");
        await ExpectStock("apple", available: 6, reserved: 4);
        await ExpectStock("pear", available: 5, reserved: 0);
        (await _db.ReservationOf(order))!.Status.Should().Be(ReservationStatus.Released);
    }

    [Test]
    public async Task A_release_before_the_reservation_closes_the_order()
    {
        await _db.Stock("apple", 10);
        var order = Guid.NewGuid();

        (await Release(order)).Should().BeTrue();
        var late = await Reserve(order, Line("apple", 3));

        late.Should().Be(new ReservationOutcome(false, "released_before_reservation"));
        await ExpectStock("apple", available: 10, reserved: 0);
        (await _db.ReservationOf(order))!.Status.Should().Be(ReservationStatus.Released);
    }

    [Test]
    public async Task Releasing_a_refused_order_gives_nothing_back()
    {
        await _db.Stock("apple", 1);
        var order = Guid.NewGuid();
        await Reserve(order, Line("apple", 3));

        (await Release(order)).Should().BeFalse();

        await ExpectStock("apple", available: 1, reserved: 0);
    }

    [Test]
    public async Task Shipping_moves_the_reserved_units_to_shipped_once()
    {
        await _db.Stock("apple", 10);
        var order = Guid.NewGuid();
        await Reserve(order, Line("apple", 3));

        (await Ship(order)).Should().BeTrue();
        await ExpectStock("apple", available: 7, reserved: 0, shipped: 3);

        (await Ship(order)).Should().BeFalse("the order already shipped");
        (await Release(order)).Should().BeFalse("shipped units are not given back");
        await ExpectStock("apple", available: 7, reserved: 0, shipped: 3);
        (await _db.ReservationOf(order))!.Status.Should().Be(ReservationStatus.Shipped);
    }

    [Test]
    public async Task Shipping_an_order_that_holds_nothing_moves_nothing()
    {
        await _db.Stock("apple", 1);
        var refused = Guid.NewGuid();
        await Reserve(refused, Line("apple", 3));

        (await Ship(refused)).Should().BeFalse();
        (await Ship(Guid.NewGuid())).Should().BeFalse("an unknown order holds nothing");

        await ExpectStock("apple", available: 1, reserved: 0, shipped: 0);
    }

    [Test]
    public async Task Setting_the_available_count_creates_a_product_or_changes_only_that_count()
    {
        await _db.Stock("apple", 10);
        await Reserve(Guid.NewGuid(), Line("apple", 4));

        await _db.OutsideTransaction(ledger => ledger.SetAvailable("pear", 5, CancellationToken.None));
        await _db.OutsideTransaction(ledger => ledger.SetAvailable("apple", 20, CancellationToken.None));

        await ExpectStock("pear", available: 5, reserved: 0);
        await ExpectStock("apple", available: 20, reserved: 4);
    }

    [Test]
    public async Task A_negative_available_count_is_refused()
    {
        await _db.Stock("apple", 10);
        var set = () => _db.OutsideTransaction(ledger => ledger.SetAvailable("apple", -1, CancellationToken.None));

        await set.Should().ThrowAsync<ArgumentOutOfRangeException>();
        await ExpectStock("apple", available: 10, reserved: 0);
    }

    [Test]
    public async Task A_reservation_outside_a_transaction_is_refused()
    {
        await using var db = _db.Open();
        var ledger = new StockLedger(db, TimeProvider.System);

        var reserve = () => ledger.Reserve(Guid.NewGuid(), [Line("apple", 1)], CancellationToken.None);

        await reserve.Should().ThrowAsync<InvalidOperationException>();
    }

    private static OrderLine Line(string productId, int quantity) => new(productId, quantity, 1m);

    private Task<ReservationOutcome> Reserve(Guid orderId, params OrderLine[] lines) =>
        _db.InTransaction(ledger => ledger.Reserve(orderId, lines, CancellationToken.None));

    private Task<bool> Release(Guid orderId) =>
        _db.InTransaction(ledger => ledger.Release(orderId, CancellationToken.None));

    private Task<bool> Ship(Guid orderId) => _db.InTransaction(ledger => ledger.Ship(orderId, CancellationToken.None));

    private async Task SetAvailable(string productId, int available)
    {
        await using var db = _db.Open();
        (await db.Stock.FindAsync(productId))!.Available = available;
        await db.SaveChangesAsync();
    }

    private async Task ExpectStock(string productId, int available, int reserved, int shipped = 0)
    {
        var stock = await _db.StockOf(productId);
        (stock.Available, stock.Reserved, stock.Shipped)
            .Should().Be((available, reserved, shipped), $"the stock of {productId}");
    }
}
