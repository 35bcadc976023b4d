using FluentAssertions;
using OrderFulfillment.Payments.Ledger;

namespace OrderFulfillment.Payments.Tests;

public sealed class PaymentLedgerTests
{
    private PaymentsDatabase _db = null!;

    [SetUp]
    public async Task CreateDatabase() => _db = await PaymentsDatabase.CreateAsync(declineAboveUsd: 5000m);

    [Test]
    public async Task A_charge_within_the_limit_is_recorded_as_charged()
    {
        var order = Guid.NewGuid();

        var outcome = await Charge(order, 120.50m);

        outcome.Should().Be(new ChargeOutcome(PaymentStatus.Charged, 120.50m, null, Repeated: false));
        var payment = (await _db.Payments()).Should().ContainSingle().Subject;
        payment.Should().BeEquivalentTo(new { OrderId = order, CustomerId = "alice", AmountUsd = 120.50m,
            Status = PaymentStatus.Charged, Reason = (string?)null });
        payment.GatewayReference.Should().NotBeNullOrEmpty();
    }

    [Test]
    public async Task A_charge_above_the_limit_is_recorded_as_declined_with_the_gateways_reason()
    {
        var order = Guid.NewGuid();

        var outcome = await Charge(order, 6000m);

        const string reason = "declined: amount 6000.00 USD is above the 5000 USD limit";
        outcome.Should().Be(new ChargeOutcome(PaymentStatus.Declined, 6000m, reason, Repeated: false));
        var payment = (await _db.Payments()).Should().ContainSingle().Subject;
        (payment.Status, payment.Reason, payment.GatewayReference).Should().Be((PaymentStatus.Declined, reason, null));
    }

    [Test]
    public async Task An_order_is_charged_once_and_a_repeated_charge_gets_the_recorded_outcome()
    {
        var order = Guid.NewGuid();
        await Charge(order, 100m);

        // A different amount shows the second request is answered from the record, not charged again.
        var again = await Charge(order, 200m);

        again.Should().Be(new ChargeOutcome(PaymentStatus.Charged, 100m, null, Repeated: true));
        (await _db.Payments()).Should().ContainSingle().Which.AmountUsd.Should().Be(100m);
    }

    [Test]
    public async Task A_repeated_charge_of_a_declined_order_stays_declined()
    {
        var order = Guid.NewGuid();
        var first = await Charge(order, 6000m);

        var again = await Charge(order, 10m);

        again.Should().Be(first with { Repeated = true });
        (await _db.Payments()).Should().ContainSingle().Which.Status.Should().Be(PaymentStatus.Declined);
    }

    [Test]
    public async Task A_charged_payment_is_refunded_once()
    {
        var order = Guid.NewGuid();
        await Charge(order, 100m);

        (await Refund(order)).Should().BeTrue();
        (await Refund(order)).Should().BeFalse("it was already refunded");

        var payment = (await _db.Payments()).Should().ContainSingle().Subject;
        (payment.Status, payment.AmountUsd).Should().Be((PaymentStatus.Refunded, 100m));
    }

    [Test]
    public async Task A_charge_after_the_refund_is_answered_as_refunded_and_charges_nothing()
    {
        var order = Guid.NewGuid();
        await Charge(order, 100m);
        await Refund(order);

        var again = await Charge(order, 100m);

        again.Should().Be(new ChargeOutcome(PaymentStatus.Refunded, 100m, null, Repeated: true));
        (await _db.Payments()).Should().ContainSingle().Which.Status.Should().Be(PaymentStatus.Refunded);
    }

    [Test]
    public async Task Refunding_a_declined_payment_gives_nothing_back()
    {
        var order = Guid.NewGuid();
        await Charge(order, 6000m);

        (await Refund(order)).Should().BeFalse();

        (await _db.Payments()).Should().ContainSingle().Which.Status.Should().Be(PaymentStatus.Declined);
    }

    [Test]
    public async Task A_refund_before_the_charge_voids_the_order_and_the_late_charge_is_refused()
    {
        var order = Guid.NewGuid();

        (await Refund(order)).Should().BeFalse("there was nothing to refund");
        var late = await Charge(order, 100m);

        late.Should().Be(new ChargeOutcome(PaymentStatus.Voided, 0m, PaymentLedger.OrderCancelled, Repeated: true));
        late.Reason.Should().Be("order_cancelled");
        var payment = (await _db.Payments()).Should().ContainSingle().Subject;
        (payment.Status, payment.AmountUsd, payment.GatewayReference)
            .Should().Be((PaymentStatus.Voided, 0m, null), "nothing was charged");
        (await Refund(order)).Should().BeFalse("a voided order has nothing to refund");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Concurrent_deliveries_of_one_charge_record_one_payment_and_ask_the_gateway_once()
    {
        var order = Guid.NewGuid();

        // Each delivery runs in its own transaction, with no retries: the order's lock makes them decide in turn.
        var startLine = new StartLine(10);
        var outcomes =
            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Charge(order, 100m, startLine))));

        outcomes.Count(o => !o.Repeated).Should().Be(1, "one delivery charged, the others found its record");
        outcomes.Should().OnlyContain(o => o.Status == PaymentStatus.Charged && o.AmountUsd == 100m);
        (await _db.Payments()).Should().ContainSingle();
        (_db.Gateway.Requests, _db.Gateway.Authorisations)
            .Should().Be((1, 1), "the later deliveries found the decision without asking");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_charge_retried_after_its_transaction_failed_does_not_charge_twice()
    {
        var order = Guid.NewGuid();

        // The first attempt reaches the gateway and then its transaction rolls back, as when the commit fails.
        var failed = async () => await _db.InTransaction<ChargeOutcome>(async ledger =>
        {
            await ledger.Charge(order, "alice", 100m, CancellationToken.None);
            throw new TimeoutException("The commit did not answer.");
        });
        await failed.Should().ThrowAsync<TimeoutException>();
        (await _db.Payments()).Should().BeEmpty("the failed attempt recorded nothing");

        var retried = await Charge(order, 100m);

        retried.Should().Be(new ChargeOutcome(PaymentStatus.Charged, 100m, null, Repeated: false));
        (await _db.Payments()).Should().ContainSingle().Which.GatewayReference.Should().Be($"AUTH-{order:N}");
        (_db.Gateway.Requests, _db.Gateway.Authorisations)
            .Should().Be((2, 1), "the retry asked again with the same key and got the first answer");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Concurrent_refunds_of_one_charge_refund_it_once()
    {
        var order = Guid.NewGuid();
        await Charge(order, 100m);

        var startLine = new StartLine(10);
        var refunded =
            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Refund(order, startLine))));

        refunded.Should().ContainSingle(r => r, "the row lock lets exactly one of them refund");
        (await _db.Payments()).Should().ContainSingle().Which.Status.Should().Be(PaymentStatus.Refunded);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_refund_racing_its_charge_never_leaves_money_taken()
    {
        // Batches of 20 orders, charge and refund of each started together, with no retries: the race itself must
        // end in the domain's answer. 40 transactions per batch fit the connection pool.
        var orders = new List<Guid>();
        for (var batch = 0; batch < 3; batch++)
        {
            var batchOrders = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
            var startLine = new StartLine(batchOrders.Count * 2);
            await Task.WhenAll(batchOrders.SelectMany(order => new Task[]
            {
                Task.Run(() => Charge(order, 100m, startLine)),
                Task.Run(() => Refund(order, startLine)),
            }));
            orders.AddRange(batchOrders);
        }

        var payments = await _db.Payments();
        payments.Select(p => p.OrderId).Should().BeEquivalentTo(orders, "one row per order");
        payments.Should().OnlyContain(p => p.Status == PaymentStatus.Refunded || p.Status == PaymentStatus.Voided,
            "whichever came first, the order ends with its money back or never taken");
        payments.Where(p => p.Status == PaymentStatus.Voided).Should().OnlyContain(p => p.GatewayReference == null);
        _db.Gateway.Authorisations.Should().Be(payments.Count(p => p.Status == PaymentStatus.Refunded),
            "the gateway was asked only for orders charged before their refund");
        TestContext.Out.WriteLine(
            $"charge first: {payments.Count(p => p.Status == PaymentStatus.Refunded)}, refund first: " +
            $"{payments.Count(p => p.Status == PaymentStatus.Voided)}");
    }

    private Task<ChargeOutcome> Charge(Guid orderId, decimal amountUsd, StartLine? startLine = null) =>
        _db.InTransaction(ledger => ledger.Charge(orderId, "alice", amountUsd, CancellationToken.None), startLine);

    private Task<bool> Refund(Guid orderId, StartLine? startLine = null) =>
        _db.InTransaction(ledger => ledger.Refund(orderId, CancellationToken.None), startLine);
}
