using System.Net.Http.Json;
using Confluent.Kafka;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Inventory;
using OrderFulfillment.Orchestrator.DeadLetters;

namespace OrderFulfillment.Console.Tests;

/// <summary>Dead letters as the platform makes them, and the orchestrator's index of them.</summary>
internal static class DeadLetters
{
    /// <summary>
    /// The order's reservation reply, dead-lettered by the orchestrator as the rider does when it gives up on a record
    /// (the order goes on waiting for it), written to <c>inventory.stock.reserved.dlq</c>. Returns its message id.
    /// </summary>
    public static async Task<Guid> ReservationReplyGivenUpOn(Guid orderId)
    {
        var messageId = Guid.NewGuid();
        var value = DeadLetterRecords.Avro(new InventoryReserved(Guid.NewGuid(), DateTimeOffset.UtcNow, orderId,
            Platform.Tenant));
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig {
            BootstrapServers = Platform.BootstrapServers }).Build();
        await producer.ProduceAsync(Topics.InventoryReserved.DeadLetterTopic,
            DeadLetterRecords.DeadLetter(Topics.InventoryReserved, orderId.ToString(), value, messageId,
                sourceOffset: 0));
        return messageId;
    }

    /// <summary>
    /// Waits until the orchestrator has indexed the order's dead letter, so the page lists it when opened.
    /// </summary>
    public static async Task WaitUntilIndexed(Guid orderId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/operations/dead-letters?orderId={orderId}");
            request.Headers.Authorization = new("Bearer", Platform.OperatorToken);
            using var response = await Platform.Orders.SendAsync(request);
            response.EnsureSuccessStatusCode();
            if ((await response.Content.ReadFromJsonAsync<DeadLetterPage>())!.Items.Count > 0)
            {
                return;
            }

            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"No dead letter of order {orderId} indexed within 60 s.");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }
}
