using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Orders;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>
/// An operator replays a dead letter through the operations API and the order goes through every service to the end:
/// an OrderPlaced the orchestrator gave up on (written to its dead-letter topic as the rider's filter writes it).
/// </summary>
public sealed class DeadLetterReplayTests
{
    [Test]
    public async Task A_replayed_dead_letter_makes_its_order_complete()
    {
        var product = await StockLevel.NewProduct(available: 1);
        var order = Guid.NewGuid();
        var placed = new OrderPlaced(Guid.NewGuid(), DateTimeOffset.UtcNow, order, Platform.Tenant, "customer-1",
            "address-1", [new OrderLine(product, 1, 10m)]);
        using (var producer = new ProducerBuilder<byte[], byte[]>(
            new ProducerConfig { BootstrapServers = Platform.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(Topics.OrderPlaced.DeadLetterTopic,
                DeadLetterRecords.DeadLetter(Topics.OrderPlaced, order.ToString(), DeadLetterRecords.Avro(placed),
                    Guid.NewGuid(), sourceOffset: 0));
        }

        List<JsonElement> Listed() =>
            [.. Platform.Orders.GetFromJsonAsync<JsonElement>($"/operations/dead-letters?orderId={order}")
                .Result.GetProperty("items").EnumerateArray()];
        await Eventually.True(() => Listed().Count > 0, TimeSpan.FromMinutes(1),
            "the orchestrator indexed the dead letter");
        var listed = Listed();
        listed.Should().ContainSingle("the orchestrator indexes its dead letters");
        using var replay = await Platform.Orders.PostAsJsonAsync(
            $"/operations/dead-letters/{listed[0].GetProperty("id").GetInt64()}/replay",
            new { note = "the orchestrator's database is back" });

        replay.StatusCode.Should().Be(HttpStatusCode.OK, await replay.Content.ReadAsStringAsync());
        bool Known()
        {
            using var response = Platform.Orders.GetAsync($"/orders/{order}").Result;
            return response.StatusCode == HttpStatusCode.OK;
        }

        await Eventually.True(Known, TimeSpan.FromMinutes(1), "the replayed OrderPlaced started the order's saga");
        (await Orders.WaitForFinalState(order)).State.Should().Be("Completed");
        await StockLevel.Becomes(new StockLevel(product, 0, 0, 1));
    }
}
