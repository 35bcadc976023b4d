using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Orders;

namespace OrderFulfillment.Messaging.Avro.Tests.OnKafka;

/// <summary>
/// Item 5 of issue 11: OrderPlaced v2 added an optional field. During a rolling upgrade, builds of both versions
/// produce to and consume from the same topic at once; each must read every record of the other, once.
/// </summary>
public sealed class RollingUpgradeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Test]
    [CancelAfter(180_000)]
    public async Task Builds_for_v1_and_v2_read_each_others_records_once_each()
    {
        var topic = await KafkaFixture.CreateTopic("orders.order.placed");
        var seenByV1 = new Received<V1.OrderPlaced>();
        var seenByV2 = new Received<OrderPlaced>();
        // The v1 build is running first, as before the upgrade; the v2 build registers v2 when it starts.
        await using var v1 = await AvroHosts.Start<V1.OrderPlaced>(topic, "v1-build", m => m.OrderId.ToString(),
            AvroHosts.Versions("OrderPlaced", upTo: 1), seenByV1);
        await using var v2 = await AvroHosts.Start<OrderPlaced>(topic, "v2-build", m => m.OrderId.ToString(),
            AvroHosts.Versions("OrderPlaced", upTo: 2), seenByV2);

        var fromV1 = Enumerable.Range(0, 20)
            .Select(i => new V1.OrderPlaced(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "acme",
            $"c-{i}", "a-1", [new OrderLine("sku-mug", i + 1, 9.5m)])).ToList();
        var fromV2 = Enumerable.Range(0, 20)
            .Select(i => new OrderPlaced(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "acme",
            $"c-{i}", "a-2", [new OrderLine("sku-pen", 2, 1.2345m)], CustomerReference: $"PO-{i}")).ToList();
        for (var i = 0; i < 20; i++)
        {
            await v1.Producer<V1.OrderPlaced>().Produce(fromV1[i]);
            await v2.Producer<OrderPlaced>().Produce(fromV2[i]);
        }

        var all = fromV1.Select(m => m.OrderId).Concat(fromV2.Select(m => m.OrderId)).ToHashSet();
        await Eventually.True(() => seenByV1.ById.Count == 40 && seenByV2.ById.Count == 40, Deadline,
            "both builds received all 40 records");

        seenByV1.ById.Values.Should().OnlyContain(r => r.Count == 1, "the v1 build applied every record once");
        seenByV2.ById.Values.Should().OnlyContain(r => r.Count == 1, "the v2 build applied every record once");
        seenByV1.ById.Values.Select(r => r.Message.OrderId).Should().BeEquivalentTo(all);
        seenByV2.ById.Values.Select(r => r.Message.OrderId).Should().BeEquivalentTo(all);

        var v2ReadsV1 =
            seenByV2.ById.Values.Select(r => r.Message).Where(m => fromV1.Any(o => o.OrderId == m.OrderId)).ToList();
        v2ReadsV1.Should()
            .OnlyContain(m => m.CustomerReference == null, "a v1 record has no reference; v2 reads the default");
        v2ReadsV1.Single(m => m.OrderId == fromV1[3].OrderId).Lines.Should().Equal(fromV1[3].Lines);
        var v1ReadsV2 =
            seenByV1.ById.Values.Select(r => r.Message).Where(m => fromV2.Any(o => o.OrderId == m.OrderId)).ToList();
        v1ReadsV2.Single(m => m.OrderId == fromV2[5].OrderId).Should().BeEquivalentTo(fromV2[5], o => o
            .Excluding(p => p.CustomerReference).Excluding(p => p.Type).Excluding(p => p.Version)
            .Excluding(p => p.OccurredAt));
        seenByV2.ById.Values.Select(r => r.Message).Single(m => m.OrderId == fromV2[5].OrderId)
            .CustomerReference.Should().Be("PO-5");

        var ids = (await TopicReader.ReadAsync(topic, 40, Deadline)).Select(r => SchemaId(r.Message.Value)).Distinct()
            .ToList();
        ids.Should().HaveCount(2, "each build wrote with its own schema version's id");
    }

    private static int SchemaId(byte[] value) => ConfluentWireFormat.ReadSchemaId(value);
}
