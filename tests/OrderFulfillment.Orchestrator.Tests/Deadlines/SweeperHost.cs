using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Diagnostics.Metrics;
using MassTransit;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.ServiceDefaults;
using OrderFulfillment.Orchestrator.Deadlines;
using OrderFulfillment.Orchestrator.Messaging;
using OrderFulfillment.Orchestrator.Saga;
using OrderFulfillment.Persistence.EntityFrameworkCore.Outbox;

namespace OrderFulfillment.Orchestrator.Tests.Deadlines;

/// <summary>
/// The orchestrator's own services (AddOrders) and its reply check (AddReplyProgress) as Program composes them, on a
/// database of its own and the embedded Kafka, with a rider that only produces OrderDeadlinePassed. Only the bus is
/// started: the saga's endpoints would commit the reply groups' offsets that the tests set by hand, the outbox relay
/// would take away the rows the tests read, and the test runs single sweeps itself, with a clock it moves.
/// </summary>
internal sealed class SweeperHost : IAsyncDisposable
{
    public static readonly TimeSpan RearmInterval = TimeSpan.FromMinutes(1);

    private readonly IHost _host;

    private SweeperHost(IHost host, string connectionString)
    {
        _host = host;
        ConnectionString = connectionString;
    }

    public ManualTime Time { get; } = new();

    public string ConnectionString { get; }

    public DeadlineSweeper Sweeper => _host.Services.GetRequiredService<DeadlineSweeper>();

    /// <summary>The host's deadline gauges; the sweeper (and so its metrics) is created first.</summary>
    public DeadlineGauges Gauges()
    {
        _ = Sweeper;
        return new DeadlineGauges(_host.Services.GetRequiredService<IMeterFactory>());
    }

    /// <summary>
    /// Starts an orchestrator on a new database, or on <paramref name="database"/> of another one (a second replica),
    /// handing over at most <paramref name="batchSize"/> deadlines per transaction.
    /// </summary>
    public static async Task<SweeperHost> Start(string? database = null, int batchSize = 200)
    {
        var connectionString = database
            ?? await DeadlineInfrastructure.Postgres.CreateDatabaseAsync("orders_" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = connectionString,
            ["Kafka:BootstrapServers"] = DeadlineInfrastructure.Kafka.BootstrapServers,
            ["Deadlines:RearmInterval"] = RearmInterval.ToString(),
            ["Deadlines:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SchemaRegistry:Url"] = TestSchemaRegistry.Url,
            ["SchemaRegistry:AutoRegisterSchemas"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddOrders();
        builder.AddKafkaMessaging(
            rider => rider.AddProducer<OrderDeadlinePassed>(Topics.OrderDeadlinePassed.Name, m => m.OrderId.ToString()),
            (_, _) => { });
        builder.AddReplyProgress();
        ManualTime? time = null;
        builder.Services.AddSingleton<TimeProvider>(_ => time!);
        var host = new SweeperHost(builder.Build(), connectionString);
        time = host.Time;
        await using (var db = host.Open())
        {
            await db.Database.MigrateAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host._host.Services.GetRequiredService<IBusControl>().StartAsync(timeout.Token);
        return host;
    }

    public OrdersDbContext Open() =>
        new(new DbContextOptionsBuilder<OrdersDbContext>().UseNpgsql(ConnectionString).Options);

    /// <summary>
    /// A saga waiting in Placed whose deadline (of <paramref name="version"/>) passed <paramref name="ago"/>.
    /// </summary>
    public async Task<Guid> WaitingSaga(TimeSpan ago, int version) => (await WaitingSagas(1, ago, version))[0];

    /// <summary>
    /// <paramref name="count"/> sagas waiting in Placed whose deadlines passed <paramref name="ago"/>, written at once.
    /// </summary>
    public async Task<List<Guid>> WaitingSagas(int count, TimeSpan ago, int version)
    {
        var orderIds = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await using var db = Open();
        db.Sagas.AddRange(orderIds.Select(orderId => new OrderState
        {
            CorrelationId = orderId,
            CurrentState = nameof(OrderStateMachine.Placed),
            TenantId = "tenant-a",
            CustomerId = "customer-1",
            ShippingAddressId = "address-1",
            Lines = [new OrderLine("sku-1", 1, 10m)],
            TotalUsd = 10m,
            PlacedAt = Time.GetUtcNow() - ago - TimeSpan.FromMinutes(5),
            UpdatedAt = Time.GetUtcNow() - ago - TimeSpan.FromMinutes(5),
            DeadlineAt = Time.GetUtcNow() - ago,
            DeadlineVersion = version,
        }));
        await db.SaveChangesAsync();
        return orderIds;
    }

    public async Task<OrderState> Saga(Guid orderId)
    {
        await using var db = Open();
        return await db.Sagas.AsNoTracking().SingleAsync(s => s.CorrelationId == orderId);
    }

    /// <summary>The OrderDeadlinePassed records waiting in the outbox for the order.</summary>
    public async Task<List<OutboxMessage>> DeadlinesInOutbox(Guid orderId)
    {
        await using var db = Open();
        var key = orderId.ToString();
        return await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Topic == Topics.OrderDeadlinePassed.Name && m.Key == key)
            .OrderBy(m => m.SequenceNumber).ToListAsync();
    }

    /// <summary>How many OrderDeadlinePassed records wait in the outbox, by order.</summary>
    public async Task<Dictionary<string, int>> DeadlinesInOutboxByOrder()
    {
        await using var db = Open();
        return await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Topic == Topics.OrderDeadlinePassed.Name)
            .GroupBy(m => m.Key)
            .ToDictionaryAsync(g => g.Key, g => g.Count());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.Services.GetRequiredService<IBusControl>().StopAsync();
        if (_host.Services.GetService<IReplyProgress>() is IDisposable progress)
        {
            progress.Dispose();
        }

        _host.Dispose();
    }
}
