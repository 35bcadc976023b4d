using Confluent.SchemaRegistry;
using FluentAssertions;
using OrderFulfillment.Contracts.Orders;

namespace OrderFulfillment.Messaging.Avro.Tests.OnKafka;

/// <summary>
/// Item 3 of issue 11: without auto-registration a service whose schema is missing refuses to start, naming it; with
/// it, a schema the registry refuses as incompatible stops the start too, with the registry's reasons.
/// </summary>
public sealed class StartupVerificationTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Without_auto_registration_a_missing_schema_stops_the_start_and_says_which()
    {
        var topic = await KafkaFixture.CreateTopic("orders.order.placed");

        var start = () => AvroHosts.Start<OrderPlaced>(topic, "reader", m => m.OrderId.ToString(),
            AvroHosts.Versions("OrderPlaced", 2), new Received<OrderPlaced>(), autoRegister: false);

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Contain("OrderPlaced v2").And.Contain(topic + "-value").And.Contain("not registered");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Without_auto_registration_a_registered_schema_starts_the_service()
    {
        var topic = await KafkaFixture.CreateTopic("orders.order.placed");
        var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = TestSchemaRegistry.Url });
        foreach (var version in AvroHosts.Versions("OrderPlaced", 2))
        {
            await client.RegisterSchemaAsync(topic + "-value", new Schema(version, SchemaType.Avro));
        }

        await using var host = await AvroHosts.Start<OrderPlaced>(topic, "reader", m => m.OrderId.ToString(),
            AvroHosts.Versions("OrderPlaced", 2), new Received<OrderPlaced>(), autoRegister: false);

        host.Health.Status.Should().NotBe(MassTransit.BusHealthStatus.Unhealthy);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_schema_the_registry_refuses_as_incompatible_stops_the_start_with_the_reasons()
    {
        var topic = await KafkaFixture.CreateTopic("orders.order.placed");
        var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = TestSchemaRegistry.Url });
        // Someone registered an OrderPlaced whose quantity is a string: v1 of this build cannot follow it.
        var foreign = AvroHosts.Versions("OrderPlaced", 1)[0].Replace("\"type\": \"int\"", "\"type\": \"string\"",
            StringComparison.Ordinal);
        await client.RegisterSchemaAsync(topic + "-value", new Schema(foreign, SchemaType.Avro));
        await client.UpdateCompatibilityAsync(Compatibility.BackwardTransitive, topic + "-value");

        var start = () => AvroHosts.Start<OrderPlaced>(topic, "reader", m => m.OrderId.ToString(),
            AvroHosts.Versions("OrderPlaced", 2), new Received<OrderPlaced>());

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Contain("incompatible").And.Contain("quantity");
    }
}
