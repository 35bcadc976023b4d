using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OrderFulfillment.Contracts;

namespace OrderFulfillment.EndToEnd.Tests;

/// <summary>
/// A team without .NET reads our topics with the Python reader of docs/examples: the Confluent header, the writer's
/// schema fetched from the registry by id, and Avro decoding give back exactly what the platform wrote.
/// </summary>
public sealed class ReadFromOutsideDotNetTests
{
    // One read without a consumer group (partitions assigned), one in a group of its own (subscribed), as a team would.
    [Test]
    public async Task The_python_reader_decodes_an_order_placed_and_its_completion_as_the_platform_wrote_them()
    {
        var pen = await StockLevel.NewProduct(5);
        var paper = await StockLevel.NewProduct(5);
        var reference = "PO-" + Guid.NewGuid().ToString("N")[..8];
        var orderId = await Orders.Place(new
        {
            customerId = "customer-py",
            tenantId = Platform.Tenant,
            customerReference = reference,
            items = new[] { new { productId = pen, quantity = 2, unitPriceUsd = 12.3456m },
                new { productId = paper, quantity = 3, unitPriceUsd = 0.5m } },
            shippingAddressId = "address-py",
        });
        var order = await Orders.WaitForFinalState(orderId);
        order.State.Should().Be("Completed");
        (await AuditTrail.FinalEventsPerOrder([orderId], Orders.FinalStateDeadline)).Should().ContainKey(orderId);

        var placed = TheOrders(await PythonReader.ReadTopic(Topics.OrderPlaced.Name), orderId);
        var completed = TheOrders(await PythonReader.ReadTopic(Topics.OrderCompleted.Name,
            group: "python-reader-" + Guid.NewGuid().ToString("N")), orderId);

        placed.GetProperty("schemaId").GetInt32().Should().Be(await LatestSchemaId(Topics.OrderPlaced));
        var value = placed.GetProperty("value");
        value.GetProperty("orderId").GetString().Should().Be(orderId.ToString());
        value.GetProperty("tenantId").GetString().Should().Be("tenant-e2e");
        value.GetProperty("customerId").GetString().Should().Be("customer-py");
        value.GetProperty("customerReference").GetString().Should().Be(reference);
        value.GetProperty("shippingAddressId").GetString().Should().Be("address-py");
        DateTimeOffset.Parse(value.GetProperty("occurredAt").GetString()!, CultureInfo.InvariantCulture)
            .Should().BeCloseTo(order.PlacedAt!.Value, TimeSpan.FromMinutes(1));
        value.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("productId").GetString(), l.GetProperty("quantity").GetInt32(),
                l.GetProperty("unitPriceUsd").GetString()))
            .Should().Equal((pen, 2, "12.3456"), (paper, 3, "0.5000"));

        completed.GetProperty("schemaId").GetInt32().Should().Be(await LatestSchemaId(Topics.OrderCompleted));
        var completion = completed.GetProperty("value");
        completion.GetProperty("orderId").GetString().Should().Be(orderId.ToString());
        completion.GetProperty("tenantId").GetString().Should().Be("tenant-e2e");
        completion.GetProperty("totalUsd").GetString().Should().Be("26.1912");
        completion.GetProperty("trackingNumber").GetString().Should().Be(order.TrackingNumber);
    }

    // The order's record, keyed (as every record) by the order id's text. Kafka delivers at least once, so a retried
    // produce may have written it twice: any copy will do, they are the same message.
    private static JsonElement TheOrders(IReadOnlyList<JsonElement> records, Guid orderId)
    {
        var copies = records.Where(r => r.GetProperty("key").GetString() == orderId.ToString()).ToList();
        copies.Should().NotBeEmpty($"the reader printed {records.Count} records, none keyed {orderId}");
        copies.Where(c => c.TryGetProperty("error", out _))
            .Should().BeEmpty("the reader decodes every record of the order");
        return copies[0];
    }

    private static async Task<int> LatestSchemaId(TopicDefinition topic)
    {
        using var registry = new HttpClient();
        var latest = await registry.GetFromJsonAsync<JsonElement>(
            $"{TestSchemaRegistry.Url}/subjects/{topic.ValueSubject}/versions/latest");
        return latest.GetProperty("id").GetInt32();
    }
}
