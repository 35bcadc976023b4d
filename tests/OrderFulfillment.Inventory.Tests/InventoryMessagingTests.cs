using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Inventory.Stock;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.Inventory.Tests;

/// <summary>
/// The inventory's endpoints with the real rider on the embedded Kafka and real PostgreSQL: validation before effects,
/// and a permanent database error that gets three tries and then the dead-letter topic.
/// </summary>
public sealed class InventoryMessagingTests
{
    private const string InboxRows = """SELECT count(*)::int AS "Value" FROM "InboxState" """;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// A reservation with a negative quantity is dead-lettered once, creates no stock, and the next record on the
    /// partition is handled.
    /// </summary>
    [Test]
    [CancelAfter(240_000)]
    public async Task A_negative_quantity_reservation_is_dead_lettered_once_creates_no_stock_and_the_next_is_handled()
    {
        await using var service = await InventoryService.Start();
        await SetStock(service, "apple", 10);
        var producer = service.Commands.Producer<ReserveInventory>();
        // Something reserved already: a negative quantity would pass the stock check and "give back" units nobody held.
        var earlier = Guid.NewGuid();
        await producer.Produce(Reserve(earlier, new OrderLine("apple", 4, 1m)));
        await Eventually.True(() => Status(service, earlier) == ReservationStatus.Reserved, Deadline,
            "the earlier order is reserved");
        var order = Guid.NewGuid();

        await producer.Produce(Reserve(order, new OrderLine("apple", -3, 1m)));
        await producer.Produce(Reserve(order, new OrderLine("apple", 2, 1m)));

        await Eventually.True(() => Status(service, order) == ReservationStatus.Reserved, Deadline,
            "the valid record behind the invalid one is handled");
        var deadLetter = (await ServiceOnKafka.DeadLetters(Topics.ReserveInventory, order, TimeSpan.FromSeconds(5)))
            .Should().ContainSingle("the invalid record is dead-lettered once").Subject;
        ServiceOnKafka.Header(deadLetter, KafkaHeaders.DeadLetter.ExceptionType)
            .Should().Be(typeof(InvalidMessageException).FullName);
        ServiceOnKafka.Header(deadLetter, KafkaHeaders.DeadLetter.ExceptionMessage)
            .Should().Contain("lines[0].quantity");
        service.Count(InboxRows).Should().Be(2, "the invalid record left no inbox row");
        await using var db = service.Open();
        var stock = await db.Stock.AsNoTracking().SingleAsync();
        (stock.Available, stock.Reserved, stock.Shipped)
            .Should().Be((4, 6, 0), "no stock was created: 10 units, 4 + 2 of them reserved");
        (await db.Reservations.AsNoTracking().Include(r => r.Lines).SingleAsync(r => r.OrderId == order)).Lines
            .Should().ContainSingle().Which.Quantity.Should().Be(2);
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task A_reservation_failing_on_a_data_error_gets_three_tries_then_the_dead_letter_topic()
    {
        // A product id so long that the refusal's reason overflows its column: 22001, a real permanent database error.
        var failures = new FailedSaves(PostgresErrorCodes.StringDataRightTruncation);
        await using var service = await InventoryService.Start(s => s.ConfigureDbContext<InventoryDbContext>(o =>
            o.AddInterceptors(failures)));
        await SetStock(service, "apple", 10);
        var producer = service.Commands.Producer<ReserveInventory>();
        var order = Guid.NewGuid();

        await producer.Produce(Reserve(order, new OrderLine(new string('x', 250), 1, 1m)));
        await producer.Produce(Reserve(order, new OrderLine("apple", 2, 1m)));

        await Eventually.True(() => Status(service, order) == ReservationStatus.Reserved, Deadline,
            "the record behind the failing one is handled");
        var deadLetter = (await ServiceOnKafka.DeadLetters(Topics.ReserveInventory, order, TimeSpan.FromSeconds(5)))
            .Should().ContainSingle().Subject;
        ServiceOnKafka.Header(deadLetter, KafkaHeaders.DeadLetter.ExceptionType)
            .Should().Be(typeof(DbUpdateException).FullName);
        failures.Count.Should().Be(3, "a permanent failure gets three tries in all, not endless ones");
        service.Count(InboxRows).Should().Be(1);
        await using var db = service.Open();
        var stock = await db.Stock.AsNoTracking().SingleAsync();
        (stock.Available, stock.Reserved).Should().Be((8, 2));
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task Releases_racing_their_reservations_through_kafka_all_end_released_without_a_dead_letter()
    {
        const int orders = 40;
        await using var service = await InventoryService.Start();
        await SetStock(service, "apple", 1000);
        var reserve = service.Commands.Producer<ReserveInventory>();
        var release = service.Commands.Producer<ReleaseInventory>();
        var ids = Enumerable.Range(0, orders).Select(_ => Guid.NewGuid()).ToList();

        // Each order's two commands travel on two topics to two endpoints of the service, which handle them at once.
        await Task.WhenAll(ids.SelectMany(order => new[]
        {
            reserve.Produce(Reserve(order, new OrderLine("apple", 5, 1m))),
            release.Produce(new ReleaseInventory(Guid.NewGuid(), DateTimeOffset.UtcNow, order, "acme")),
        }));

        await Eventually.True(() => service.Count(InboxRows) == orders * 2, Deadline, "every command is handled");
        await using var db = service.Open();
        var reservations = await db.Reservations.AsNoTracking().ToListAsync();
        reservations.Should().HaveCount(orders)
            .And.OnlyContain(r => r.Status == ReservationStatus.Released, "the release wins whichever came first");
        var stock = await db.Stock.AsNoTracking().SingleAsync();
        (stock.Available, stock.Reserved).Should().Be((1000, 0), "stock is conserved");
        (await ServiceOnKafka.DeadLetters(Topics.ReserveInventory, Guid.Empty, TimeSpan.FromSeconds(3), anyKey: true))
            .Should().BeEmpty();
        (await ServiceOnKafka.DeadLetters(Topics.ReleaseInventory, Guid.Empty, TimeSpan.FromSeconds(3), anyKey: true))
            .Should().BeEmpty();
        TestContext.Out.WriteLine(
            $"reservation first: {reservations.Count(r => r.Reason is null)}, release first: " +
            $"{reservations.Count(r => r.Reason is not null)}");
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task A_reservation_sent_again_under_a_new_message_id_is_answered_again_and_reserves_once()
    {
        // What an operator's retry of Placed sends: the same command, a new message id (the inbox would drop the old
        // one).
        await using var service = await InventoryService.Start();
        await SetStock(service, "apple", 10);
        var order = Guid.NewGuid();
        var reserve = Reserve(order, new OrderLine("apple", 4, 1m));
        await service.Commands.Producer<ReserveInventory>().Produce(reserve);
        await Eventually.True(() => service.Count(InboxRows) == 1, Deadline, "the reservation is handled");

        await service.Commands.Producer<ReserveInventory>()
            .Produce(reserve with { EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow });

        await Eventually.True(() => service.Count(InboxRows) == 2, Deadline,
            "the reservation sent again is handled as a message of its own");
        (await TopicReader.ReadAsync(Topics.InventoryReserved.Name, 3, TimeSpan.FromSeconds(10)))
            .Should().HaveCount(2, "each is answered");
        await using var db = service.Open();
        var stock = await db.Stock.AsNoTracking().SingleAsync();
        (stock.Available, stock.Reserved).Should().Be((6, 4), "the order was reserved once");
    }

    private static ReserveInventory Reserve(Guid order, params OrderLine[] lines) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, order, "acme", lines);

    private static async Task SetStock(ServiceOnKafka<InventoryDbContext> service, string productId, int available)
    {
        await using var db = service.Open();
        db.Stock.Add(new StockItem { ProductId = productId, Available = available, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    private static ReservationStatus? Status(ServiceOnKafka<InventoryDbContext> service, Guid order)
    {
        using var db = service.Open();
        return db.Reservations.AsNoTracking().Where(r => r.OrderId == order).Select(r => (ReservationStatus?)r.Status)
            .SingleOrDefault();
    }

    /// <summary>Counts saves that failed with one SQLSTATE: one per try of the failing message.</summary>
    private sealed class FailedSaves(string sqlState) : SaveChangesInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Exception.InnerException is PostgresException postgres && postgres.SqlState == sqlState)
            {
                Interlocked.Increment(ref _count);
            }

            return Task.CompletedTask;
        }
    }
}
