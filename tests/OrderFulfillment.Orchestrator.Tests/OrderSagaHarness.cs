using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests;

/// <summary>
/// The order state machine on MassTransit's in-memory test harness, with helpers that speak for the workers.
/// </summary>
internal sealed class OrderSagaHarness : IAsyncDisposable
{
    private static readonly OrderSagaOptions Options = new()
    {
        ReserveInventory = new Uri("queue:inventory-reserve"),
        ReleaseInventory = new Uri("queue:inventory-release"),
        ChargePayment = new Uri("queue:payment-charge"),
        RefundPayment = new Uri("queue:payment-refund"),
        CreateShipment = new Uri("queue:shipment-create"),
        CancelShipment = new Uri("queue:shipment-cancel"),
    };

    private readonly ServiceProvider _provider;

    private OrderSagaHarness(ServiceProvider provider)
    {
        _provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<OrderStateMachine, OrderState>();
        Machine = provider.GetRequiredService<OrderStateMachine>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<OrderStateMachine, OrderState> Saga { get; }

    public OrderStateMachine Machine { get; }

    public Guid OrderId { get; } = Guid.NewGuid();

    public static async Task<OrderSagaHarness> Start()
    {
        var provider = new ServiceCollection()
            .AddSingleton(Options)
            .AddSingleton(TimeProvider.System)
            .AddMassTransitTestHarness(x => x.AddSagaStateMachine<OrderStateMachine, OrderState>().InMemoryRepository())
            .BuildServiceProvider(true);
        var harness = new OrderSagaHarness(provider);
        await harness.Harness.Start();
        return harness;
    }

    public Task Place(decimal unitPrice = 10m, string? customerReference = null) =>
        Publish(new OrderPlaced(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId, "tenant-a", "customer-1", "address-1",
            [new OrderLine("sku-1", 2, unitPrice), new OrderLine("sku-2", 1, unitPrice)], customerReference));

    public Task Reserved() =>
        Publish(new InventoryReserved(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId, "tenant-a"));

    public Task OutOfStock() => Publish(new InventoryReservationFailed(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId,
        "tenant-a", "sku-2 short by 1"));

    public Task Charging() =>
        Publish(new PaymentCharging(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId, "tenant-a"));

    public Task Charged() =>
        Publish(new PaymentCharged(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId, "tenant-a", 30m));

    public Task Declined() =>
        Publish(new PaymentFailed(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId, "tenant-a", "limit exceeded"));

    public Task Shipped() =>
        Publish(new ShipmentCreated(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId, "tenant-a", "TRACK-1"));

    public Task ShipmentCancelled(bool shipmentExisted = true) =>
        Publish(new ShipmentCancelled(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId, "tenant-a", shipmentExisted));

    public async Task DeadlinePasses(int? version = null)
    {
        var saga = await Instance();
        await Publish(new OrderDeadlinePassed(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId, "tenant-a",
            version ?? saga.DeadlineVersion));
    }

    /// <summary>The customer's cancellation, as the orders API sends it.</summary>
    public Task CancelRequested() =>
        Publish(new CancelOrder(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId, "tenant-a",
            CancellationReasons.CustomerRequested));

    /// <summary>An operator's retry of the step of <paramref name="state"/>, as the operations API sends it.</summary>
    public Task RetryRequested(string state) =>
        Publish(new RetryOrderStep(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId, "tenant-a", state, "operator-1",
            "the reply was lost"));

    /// <summary>
    /// An operator's extension of the deadline <paramref name="version"/> (the current one by default) to <paramref
    /// name="deadlineAt"/>.
    /// </summary>
    public async Task DeadlineExtended(DateTimeOffset deadlineAt, int? version = null)
    {
        var saga = await Instance();
        await Publish(new ExtendOrderDeadline(NewId.NextGuid(), DateTimeOffset.UtcNow, OrderId, "tenant-a",
            version ?? saga.DeadlineVersion, deadlineAt, "operator-1", "the carrier is slow today"));
    }

    /// <summary>Publishes and waits until the saga has consumed this very message.</summary>
    public async Task Publish<T>(T message)
        where T : class, IOrderMessage
    {
        await Harness.Bus.Publish(message);
        // An explicit deadline: the harness's inactivity token, once fired, would end every later wait at once.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        if (!await Saga.Consumed.Any<T>(m => m.Context.Message.EventId == message.EventId, deadline.Token))
        {
            throw new InvalidOperationException(
                $"The saga did not consume {typeof(T).Name} within the harness timeout.");
        }
    }

    public async Task<OrderState> InState(State state)
    {
        var found = await Saga.Exists(OrderId, _ => state);
        return found is null ? throw new InvalidOperationException($"Order {OrderId} did not reach {state.Name}.")
            : await Instance();
    }

    public async Task<OrderState> Instance() =>
        Saga.Sagas.Contains(OrderId) ?? throw new InvalidOperationException($"No saga for order {OrderId}.");

    public int SentCount<T>()
        where T : class, IOrderMessage =>
        Harness.Sent.Select<T>(m => m.Context.Message.OrderId == OrderId, Snapshot).Count();

    public int PublishedCount<T>()
        where T : class, IOrderMessage =>
        Harness.Published.Select<T>(m => m.Context.Message.OrderId == OrderId, Snapshot).Count();

    /// <summary>
    /// Counts what was recorded so far without waiting for more. By the time the saga has consumed a message, what it
    /// sent and published while doing so is recorded.
    /// </summary>
    private static CancellationToken Snapshot => new(canceled: true);

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
