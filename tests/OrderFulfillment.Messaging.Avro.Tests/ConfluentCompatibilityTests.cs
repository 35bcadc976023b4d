using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using FluentAssertions;
using OrderFulfillment.Contracts;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.Messaging.Avro.Tests;

/// <summary>
/// Our wire format against Confluent's own serdes: the same bytes for the same record, and Confluent's deserializer
/// reads what we write. So any Confluent client, in any language, reads our topics and we read theirs.
/// </summary>
public sealed class ConfluentCompatibilityTests
{
    private const int SchemaId = 0x01020304;

    private static IEnumerable<TestCaseData> Samples() =>
        ContractSamples.OneOfEach().Select(m => new TestCaseData(m).SetArgDisplayNames(m.Type));

    [TestCaseSource(nameof(Samples))]
    public async Task Our_bytes_equal_those_of_Confluents_AvroSerializer(IOrderMessage message)
    {
        var (record, topic, text) = RecordOf(message);
        var registry = FixedIdSchemaRegistry.Create(SchemaId, text, out _);
        var serializer = new AvroSerializer<GenericRecord>(registry,
            new AvroSerializerConfig { SubjectNameStrategy = SubjectNameStrategy.Topic });

        var theirs =
            await serializer.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, topic));
        var ours = ConfluentWireFormat.Encode(SchemaId, record);

        ours.Should().Equal(theirs);
        ours[..5].Should().Equal([0, 1, 2, 3, 4], "the header is the magic byte and the id big-endian");
    }

    [TestCaseSource(nameof(Samples))]
    public async Task Confluents_AvroDeserializer_reads_our_bytes(IOrderMessage message)
    {
        var (record, topic, text) = RecordOf(message);
        var registry = FixedIdSchemaRegistry.Create(SchemaId, text, out var calls);
        var deserializer = new AvroDeserializer<GenericRecord>(registry,
            new AvroDeserializerConfig { SubjectNameStrategy = SubjectNameStrategy.Topic });
        var ours = ConfluentWireFormat.Encode(SchemaId, record);

        var theirs = await deserializer.DeserializeAsync(ours, isNull: false,
            new SerializationContext(MessageComponentType.Value, topic));

        theirs.Should().Be(record, "GenericRecord equality compares the schema and every field value");
        calls.Calls.Should().Contain(c => c.StartsWith("GetSchema", StringComparison.Ordinal),
            "the deserializer resolved the id through the registry");
    }

    private static (GenericRecord Record, string Topic, string SchemaText) RecordOf(IOrderMessage message)
    {
        var topic = Topics.All.Single(t => t.MessageType == message.GetType());
        var latest = SchemaFolder.LoadEmbedded(typeof(Topics).Assembly).Where(s => s.Contract == message.Type)
            .MaxBy(s => s.Version)!;
        var record = ContractRecordMapper.Create(message.GetType(), (RecordSchema)latest.Schema).ToRecord(message);
        return (record, topic.Name, latest.Text);
    }
}
