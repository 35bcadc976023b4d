using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Orders;
using OrderFulfillment.EmbeddedSchemaRegistry;
using OrderFulfillment.Messaging.Kafka;

namespace OrderFulfillment.Messaging.Avro.Tests.OnKafka;

/// <summary>
/// Item 2 of issue 11: a record that is not valid Avro, or whose schema id the registry does not know, is dead-lettered
/// as undeserializable with the reason and never reaches a consumer; a registry that does not answer is not a reason.
/// </summary>
public sealed class UndeserializableRecordTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Test]
    [CancelAfter(180_000)]
    public async Task Records_that_are_not_valid_Avro_are_dead_lettered_as_undeserializable_and_valid_ones_consumed()
    {
        var topic = await KafkaFixture.CreateTopic("orders.order.placed");
        var received = new Received<OrderPlaced>();
        await using var host = await AvroHosts.Start<OrderPlaced>(topic, "reader", m => m.OrderId.ToString(),
            AvroHosts.Versions("OrderPlaced", 2), received);
        var valid = Order();
        await host.Producer<OrderPlaced>().Produce(valid);
        await Eventually.True(() => received.ById.Count == 1, Deadline, "the valid record is consumed");
        var good = (await TopicReader.ReadAsync(topic, 1, Deadline)).Single().Message.Value;

        var bad = new Dictionary<string, byte[]>
        {
            ["json"] = Encoding.UTF8.GetBytes("""{"eventId":"6f1c","orderId":"x"}"""),
            ["unknown schema id"] = WithSchemaId(good, 987_654),
            ["truncated"] = good[..(good.Length / 2)],
            ["empty"] = [],
        };
        using (var producer = new ProducerBuilder<byte[], byte[]>(
            new ProducerConfig { BootstrapServers = RiderHost.BootstrapServers }).Build())
        {
            foreach (var (name, value) in bad)
            {
                await producer.ProduceAsync(topic,
                    new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(name), Value = value });
            }
        }

        var after = Order();
        await host.Producer<OrderPlaced>().Produce(after);
        await Eventually.True(() => received.ById.Count == 2, Deadline,
            "the valid record behind the bad ones is consumed");

        var deadLetters = await TopicReader.ReadAsync(topic + ".dlq", bad.Count, Deadline);
        deadLetters.Select(d => Encoding.UTF8.GetString(d.Message.Key))
            .Should().BeEquivalentTo(bad.Keys, "each bad record is dead-lettered once");
        deadLetters.Should().OnlyContain(d => Header(d, KafkaHeaders.DeadLetter.Reason) == "undeserializable");
        Header(deadLetters.Single(d => Encoding.UTF8.GetString(d.Message.Key) == "unknown schema id"),
            KafkaHeaders.DeadLetter.ExceptionMessage)
            .Should().Contain("987654");
        deadLetters.Should()
            .OnlyContain(d => Header(d, KafkaHeaders.DeadLetter.ExceptionMessage).Length > 0, "each says why");
        received.ById.Values.Select(r => r.Message.OrderId).Should().BeEquivalentTo([valid.OrderId, after.OrderId]);
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task A_record_whose_schema_the_registry_cannot_serve_right_now_waits_for_it_and_is_consumed_once()
    {
        // A registry of its own: this test takes it down.
        await using var registry = await EmbeddedSchemaRegistryServer.StartAsync();
        var topic = await KafkaFixture.CreateTopic("orders.order.placed");
        var received = new Received<V1.OrderPlaced>();
        // The v1 build starts first and knows only v1's id; the v2 build's records carry an id it has never seen.
        await using var v1 = await AvroHosts.Start<V1.OrderPlaced>(topic, "v1-build", m => m.OrderId.ToString(),
            AvroHosts.Versions("OrderPlaced", 1), received, registryUrl: registry.Url);
        await using var v2 = await AvroHosts.Start<OrderPlaced>(topic, group: null, m => m.OrderId.ToString(),
            AvroHosts.Versions("OrderPlaced", 2), registryUrl: registry.Url);

        registry.Unavailable = true;
        var order = Order();
        await v2.Producer<OrderPlaced>().Produce(order);
        var pending = await TopicReader.ReadAsync(topic, 1, Deadline);
        pending.Should().ContainSingle("the record is on the topic while the registry is down");
        await Eventually.True(() => registry.RefusedRequests >= 2, Deadline,
            "the consumer asked for the writer schema, and asked again");
        received.ById.Should().BeEmpty("its writer schema cannot be fetched");
        (await TopicReader.ReadAsync(topic + ".dlq", 1, TimeSpan.FromSeconds(3)))
            .Should().BeEmpty("an unreachable registry is no reason to dead-letter");

        registry.Unavailable = false;
        await Eventually.True(() => received.ById.Count == 1, Deadline,
            "the record is consumed once the registry answers");
        received.ById.Single().Value.Count.Should().Be(1);
        received.ById.Single().Value.Message.OrderId.Should().Be(order.OrderId);
        (await TopicReader.ReadAsync(topic + ".dlq", 1, TimeSpan.FromSeconds(2))).Should().BeEmpty();
    }

    internal static OrderPlaced Order() =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "acme", "c-1", "a-1",
            [new OrderLine("sku-mug", 1, 9m)]);

    private static byte[] WithSchemaId(byte[] value, int id)
    {
        var copy = value.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(1, 4), id);
        return copy;
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : string.Empty;
}
