using System.Buffers.Binary;
using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using FluentAssertions;
using static OrderFulfillment.EmbeddedSchemaRegistry.Tests.Registry;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

/// <summary>
/// Confluent's Avro serializer and deserializer through the registry, with the topic name strategy the platform uses
/// (<c>{topic}-value</c>): what a producer and a consumer in any Confluent client would do.
/// </summary>
public sealed class SerdesTests
{
    [Test]
    public async Task A_record_round_trips_and_its_schema_is_registered_under_the_topic_subject()
    {
        using var client = Client();
        var topic = UniqueTopic();
        var record = Parcel("p-1", "fragile");

        var bytes = await Serializer(client, autoRegister: true).SerializeAsync(record, Value(topic));

        var registered = await client.GetLatestSchemaAsync(topic + "-value");
        bytes[0].Should().Be(0, "Confluent's framing starts with magic byte 0");
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)).Should().Be(registered.Id);
        var read =
            await new AvroDeserializer<GenericRecord>(client).DeserializeAsync(bytes, isNull: false, Value(topic));
        (read["id"], read["note"]).Should().Be(("p-1", "fragile"));
    }

    [Test]
    public async Task Without_auto_registration_a_registered_schema_is_used_and_an_unregistered_one_is_refused_clearly()
    {
        using var client = Client();
        var topic = UniqueTopic();
        var serializer = Serializer(client, autoRegister: false);

        var unregistered = () => serializer.SerializeAsync(Parcel("p-2", null), Value(topic));

        (await unregistered.Should().ThrowAsync<SchemaRegistryException>())
            .Which.Message.Should().Contain($"Subject '{topic}-value' not found");
        var id = await client.RegisterSchemaAsync(topic + "-value", AvroSchema(ParcelSchemas.WithOptionalNote));
        var bytes = await serializer.SerializeAsync(Parcel("p-2", null), Value(topic));
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)).Should().Be(id);
    }

    private static AvroSerializer<GenericRecord> Serializer(ISchemaRegistryClient client, bool autoRegister) =>
        new(client, new AvroSerializerConfig
        {
            AutoRegisterSchemas = autoRegister,
            // 2.16's default strategy first asks the registry for topic associations, which this registry does not
            // serve.
            SubjectNameStrategy = SubjectNameStrategy.Topic,
        });

    private static GenericRecord Parcel(string id, string? note)
    {
        var record = new GenericRecord((RecordSchema)Avro.Schema.Parse(ParcelSchemas.WithOptionalNote));
        record.Add("id", id);
        record.Add("note", note);
        return record;
    }

    private static SerializationContext Value(string topic) => new(MessageComponentType.Value, topic);

    private static string UniqueTopic() => "parcels." + Guid.NewGuid().ToString("N");
}
