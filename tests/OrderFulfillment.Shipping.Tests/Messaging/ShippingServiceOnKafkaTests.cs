using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OrderFulfillment.Contracts;
using OrderFulfillment.Contracts.Shipping;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Messaging.Kafka.Configuration;
using OrderFulfillment.Shipping.Messaging;
using OrderFulfillment.Shipping.Shipments;

namespace OrderFulfillment.Shipping.Tests.Messaging;

/// <summary>
/// The shipping service's messaging as Program composes it (database, inbox and outbox, both endpoints), on PostgreSQL
/// and the embedded Kafka, driven by commands produced as the saga produces them.
/// </summary>
[NonParallelizable]
public sealed class ShippingServiceOnKafkaTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private ShippingDatabase _db = null!;
    private IHost _shipping = null!;
    private RiderHost _saga = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _db = await ShippingDatabase.CreateAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = _db.ConnectionString,
            ["Kafka:BootstrapServers"] = KafkaFixture.Kafka.BootstrapServers,
            ["Kafka:Consumer:SessionTimeoutMs"] = "6000",
            ["Kafka:Consumer:HeartbeatIntervalMs"] = "500",
            ["Kafka:Consumer:FetchWaitMaxMs"] = "10",
            ["Logging:LogLevel:Default"] = "Warning",
            ["SchemaRegistry:Url"] = TestSchemaRegistry.Url,
            ["SchemaRegistry:AutoRegisterSchemas"] = "true",
        });
        builder.AddShippingDomain();
        builder.AddShippingMessaging();
        _shipping = builder.Build();
        using var timeout = new CancellationTokenSource(Deadline);
        await _shipping.StartAsync(timeout.Token);
        _saga = await RiderHost.Start(rider =>
        {
            rider.AddProducer<CreateShipment>(Topics.CreateShipment.Name, m => m.OrderId.ToString());
            rider.AddProducer<CancelShipment>(Topics.CancelShipment.Name, m => m.OrderId.ToString());
        }, (context, k) => k.UseAvroSerializer(context), TestSchemaRegistry.AddPlatformAvro);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _saga.DisposeAsync();
        await _shipping.StopAsync();
        _shipping.Dispose();
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_cancel_that_overtakes_its_create_answers_both_with_ShipmentCancelled_and_nothing_ships()
    {
        var order = Guid.NewGuid();

        await _saga.Producer<CancelShipment>()
            .Produce(new CancelShipment(NewId.NextGuid(), DateTimeOffset.UtcNow, order, "tenant-a"));
        (await Answers(Topics.ShipmentCancelled.Name, order, 1)).Single().GetProperty("shipmentExisted").GetBoolean()
            .Should().BeFalse();

        await _saga.Producer<CreateShipment>()
            .Produce(new CreateShipment(NewId.NextGuid(), DateTimeOffset.UtcNow, order, "tenant-a", "address-1"));
        var answers = await Answers(Topics.ShipmentCancelled.Name, order, 2);

        answers.Should().HaveCount(2, "the late CreateShipment is answered with ShipmentCancelled");
        answers.Should().AllSatisfy(a => a.GetProperty("shipmentExisted").GetBoolean().Should().BeFalse());
        (await Answers(Topics.ShipmentCreated.Name, order, 0)).Should().BeEmpty();
        var shipment = (await _db.Shipments()).Should().ContainSingle(s => s.OrderId == order).Subject;
        (shipment.Status, shipment.TrackingNumber).Should().Be((ShipmentStatus.Cancelled, null));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_created_shipment_is_cancelled_and_the_cancellation_announced()
    {
        var order = Guid.NewGuid();

        await _saga.Producer<CreateShipment>()
            .Produce(new CreateShipment(NewId.NextGuid(), DateTimeOffset.UtcNow, order, "tenant-a", "address-1"));
        var trackingNumber =
            (await Answers(Topics.ShipmentCreated.Name, order, 1)).Single().GetProperty("trackingNumber").GetString();
        await _saga.Producer<CancelShipment>()
            .Produce(new CancelShipment(NewId.NextGuid(), DateTimeOffset.UtcNow, order, "tenant-a"));

        (await Answers(Topics.ShipmentCancelled.Name, order, 1)).Single().GetProperty("shipmentExisted").GetBoolean()
            .Should().BeTrue();
        var shipment = (await _db.Shipments()).Should().ContainSingle(s => s.OrderId == order).Subject;
        (shipment.Status, shipment.TrackingNumber).Should().Be((ShipmentStatus.Cancelled, trackingNumber));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_create_resent_under_a_new_message_id_is_answered_with_the_same_tracking_number_and_ships_once()
    {
        // What an operator's retry of AwaitingShipment sends: the same command, a new message id (the inbox would drop
        // the old one).
        var order = Guid.NewGuid();
        var create = new CreateShipment(NewId.NextGuid(), DateTimeOffset.UtcNow, order, "tenant-a", "address-1");
        await _saga.Producer<CreateShipment>().Produce(create);
        var first =
            (await Answers(Topics.ShipmentCreated.Name, order, 1)).Single().GetProperty("trackingNumber").GetString();

        await _saga.Producer<CreateShipment>()
            .Produce(create with { EventId = NewId.NextGuid(), OccurredAt = DateTimeOffset.UtcNow });

        (await Answers(Topics.ShipmentCreated.Name, order, 2)).Select(a => a.GetProperty("trackingNumber").GetString())
            .Should().Equal(first, first);
        (await _db.Shipments()).Should().ContainSingle(s => s.OrderId == order);
    }

    /// <summary>
    /// The messages on <paramref name="topic"/> keyed by the order, once at least <paramref name="expected"/> are there
    /// (with 0: whatever is there after reading the topic to its end).
    /// </summary>
    private static async Task<List<JsonElement>> Answers(string topic, Guid order, int expected)
    {
        var key = order.ToString();
        using var timeout = new CancellationTokenSource(Deadline);
        while (true)
        {
            var answers = (await ReadToEnd(topic)).Where(r => Encoding.UTF8.GetString(r.Key) == key)
                .Select(r => Body(r.Value)).ToList();
            if (answers.Count >= expected || timeout.IsCancellationRequested)
            {
                return answers;
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>Every record on the topic up to its current end.</summary>
    private static Task<List<Message<byte[], byte[]>>> ReadToEnd(string topic) => Task.Run(() =>
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(RiderHost.ReaderConfig("reader-"
            + Guid.NewGuid().ToString("N"))).Build();
        var partitions = Enumerable.Range(0, Topics.All.Single(t => t.Name == topic).Partitions)
            .Select(p => new TopicPartition(topic, p)).ToList();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, Deadline).High.Value);
        consumer.Assign(partitions.Where(p => ends[p] > 0).Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var records = new List<Message<byte[], byte[]>>();
        var remaining = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        using var timeout = new CancellationTokenSource(Deadline);
        while (remaining.Count > 0)
        {
            var result = consumer.Consume(timeout.Token);
            records.Add(result.Message);
            if (result.Offset.Value + 1 >= ends[result.TopicPartition])
            {
                remaining.Remove(result.TopicPartition);
            }
        }

        return records;
    });

    private static JsonElement Body(byte[] value)
    {
        return TestSchemaRegistry.Json(value);
    }
}
