using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using MassTransit;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Contracts.Payments;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Orchestrator.Saga;

namespace OrderFulfillment.Orchestrator.Tests.Api;

/// <summary>
/// <c>POST /orders/{id}/cancel</c> racing the reply that settles the order's state, on the orchestrator as it runs
/// (PostgreSQL row lock, Kafka): the reply is produced, as its worker would, while the request is made. Whichever the
/// saga takes first, the order ends in one consistent outcome, and the journal shows it.
/// </summary>
public sealed class CancellationRaceOverHttpTests
{
    private OrchestratorApi _api = null!;

    [OneTimeSetUp]
    public async Task Start() => _api = await OrchestratorApi.Start(workers: rider =>
    {
        Worker<InventoryReserved>(rider, Topics.InventoryReserved);
        Worker<PaymentCharged>(rider, Topics.PaymentCharged);
        Worker<ShipmentCreated>(rider, Topics.ShipmentCreated);
    });

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    [Test]
    public async Task A_shipped_order_is_409_Completed()
    {
        var orderId = await Reach("AwaitingShipment");
        await Settle("AwaitingShipment", orderId);
        await _api.InState(orderId, "Completed");

        using var response = await Cancel(orderId);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString()
            .Should().Be("Completed");
    }

    [TestCase("Placed")]
    [TestCase("InventoryReserved")]
    [TestCase("AwaitingShipment")]
    public async Task A_cancellation_racing_the_settling_reply_ends_in_one_consistent_outcome(string state)
    {
        var orderId = await Reach(state);

        var request = Cancel(orderId);
        var reply = Settle(state, orderId);
        using var response = await request;
        await reply;

        response.StatusCode.Should().BeOneOf(HttpStatusCode.Accepted, HttpStatusCode.Conflict);
        var replyType = SettlingReply[state];
        var requested = response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
        await Eventually.True(() => Steps(orderId, "CancelOrder").Result.Count == requested
            && Steps(orderId, replyType).Result.Count == 1,
            TimeSpan.FromMinutes(1), $"the saga took the {replyType} and the cancellations sent");
        var order = await Order(orderId);
        var history = order.GetProperty("history").EnumerateArray().ToList();
        var sent = history.SelectMany(h => h.GetProperty("sent").EnumerateArray())
            .Select(m => m.GetProperty("type").GetString()).ToList();
        TestContext.Out.WriteLine(
            $"{state}: {response.StatusCode}, " +
            $"{string.Join(" → ", history.Select(h => h.GetProperty("eventType").GetString()))}, " +
            $"{order.GetProperty("state")}");

        if (order.GetProperty("state").GetString() == "Completed")
        {
            state.Should().Be("AwaitingShipment",
                "before the shipment a cancellation always wins over a reply that only moves the order on");
            sent.Should().NotContain(["ReleaseInventory", "RefundPayment", "CancelShipment", "OrderCancelled"]);
            (await Steps(orderId, "CancelOrder"))
                .Should().OnlyContain(s => s.GetProperty("outcome").GetString() == "ignored");
            return;
        }

        order.GetProperty("cancellationReason").GetString().Should().Be(CancellationReasons.CustomerRequested);
        sent.Should().Contain("ReleaseInventory").And.NotContain("OrderCompleted");
        if (sent.Contains("ChargePayment"))
        {
            sent.Should().Contain("RefundPayment", "a charge was requested, so it may exist");
        }

        if (sent.Contains("CreateShipment"))
        {
            sent.Count(t => t == "CancelShipment").Should().BeGreaterThanOrEqualTo(1);
        }

        if (state == "AwaitingShipment")
        {
            (await Steps(orderId, "ShipmentCreated")).Single().GetProperty("sent").EnumerateArray()
                .Select(m => m.GetProperty("type").GetString())
                .Should().Equal(["CancelShipment"], "a shipment created after the cancellation is cancelled");
        }
    }

    /// <summary>Brings a new order to <paramref name="state"/> with the replies its workers would send.</summary>
    private async Task<Guid> Reach(string state)
    {
        var orderId = await _api.Place(
            """{"customerId":"c","items":[{"productId":"p","quantity":2,"unitPriceUsd":5}],"shippingAddressId":"a"}""");
        await _api.PlacedOrder(orderId);
        if (state != "Placed")
        {
            await Settle("Placed", orderId);
            await _api.InState(orderId, "InventoryReserved");
        }

        if (state == "AwaitingShipment")
        {
            await Settle("InventoryReserved", orderId);
            await _api.InState(orderId, "AwaitingShipment");
        }

        return orderId;
    }

    private static readonly Dictionary<string, string> SettlingReply = new()
    {
        ["Placed"] = nameof(InventoryReserved), ["InventoryReserved"] = nameof(PaymentCharged),
            ["AwaitingShipment"] = nameof(ShipmentCreated),
    };

    /// <summary>Sends the reply that moves an order on from <paramref name="state"/>.</summary>
    private Task Settle(string state, Guid orderId) => state switch
    {
        "Placed" => _api.Reply(new InventoryReserved(NewId.NextGuid(), DateTimeOffset.UtcNow, orderId, "t")),
        "InventoryReserved" =>
            _api.Reply(new PaymentCharged(NewId.NextGuid(), DateTimeOffset.UtcNow, orderId, "t", 10m)),
        _ => _api.Reply(new ShipmentCreated(NewId.NextGuid(), DateTimeOffset.UtcNow, orderId, "t", "TRACK-1")),
    };

    private Task<HttpResponseMessage> Cancel(Guid orderId) =>
        _api.Client.PostAsync($"/orders/{orderId}/cancel", content: null);

    private Task<JsonElement> Order(Guid orderId) => _api.Client.GetFromJsonAsync<JsonElement>($"/orders/{orderId}");

    private async Task<List<JsonElement>> Steps(Guid orderId, string eventType) =>
        (await Order(orderId)).GetProperty("history").EnumerateArray()
            .Where(j => j.GetProperty("eventType").GetString() == eventType).ToList();

    private static void Worker<T>(IRiderRegistrationConfigurator rider, TopicDefinition topic)
        where T : class, IOrderMessage => rider.AddProducer<T>(topic.Name, m => m.OrderId.ToString());
}
