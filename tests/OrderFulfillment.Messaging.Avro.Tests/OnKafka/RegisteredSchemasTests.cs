using Confluent.SchemaRegistry;
using FluentAssertions;
using OrderFulfillment.EmbeddedSchemaRegistry;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.Messaging.Avro.Tests.OnKafka;

public sealed class RegisteredSchemasTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task A_schema_the_registry_could_not_serve_is_fetched_once_it_answers_again()
    {
        await using var registry = await EmbeddedSchemaRegistryServer.StartAsync();
        var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        var id = await client.RegisterSchemaAsync("orders.order.placed-value",
            new Schema(AvroHosts.Versions("OrderPlaced", 1)[0], SchemaType.Avro));
        var schemas = new RegisteredSchemas(new CachedSchemaRegistryClient(new SchemaRegistryConfig {
            Url = registry.Url }), autoRegister: false);

        registry.Unavailable = true;
        var whileDown = () => schemas.WriterSchema(id);
        whileDown.Should()
            .Throw<DeserializerUnavailableException>("a registry that does not answer is not the record's fault");

        registry.Unavailable = false;
        schemas.WriterSchema(id).Fullname.Should().Be("orderfulfillment.orders.OrderPlaced");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task An_id_the_registry_does_not_know_is_a_serialization_failure()
    {
        var schemas = new RegisteredSchemas(new CachedSchemaRegistryClient(new SchemaRegistryConfig {
            Url = TestSchemaRegistry.Url }), autoRegister: false);

        var unknown = () => schemas.WriterSchema(987_321);

        unknown.Should().Throw<System.Runtime.Serialization.SerializationException>().WithMessage("*987321*");
    }
}
