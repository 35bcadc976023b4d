using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using OrderFulfillment.Contracts;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Messaging.Kafka;
using OrderFulfillment.ServiceDefaults;
using DeadLetterHeaders = OrderFulfillment.Messaging.Kafka.KafkaHeaders.DeadLetter;

namespace OrderFulfillment.Testing;

/// <summary>
/// Records for tests of dead letters: values as the platform writes them, and dead letters as the rider's filter writes
/// them.
/// </summary>
public static class DeadLetterRecords
{
    private static readonly Lazy<(AvroContracts Contracts, RegisteredSchemas Schemas)> Shared = new(() =>
        (new AvroContracts().AddPlatformContracts(),
            new RegisteredSchemas(new CachedSchemaRegistryClient(new SchemaRegistryConfig {
                Url = TestSchemaRegistry.Url }), autoRegister: true)));

    /// <summary>
    /// The message as its topic carries it: Avro in the Confluent wire format, with the shared test registry's ids.
    /// </summary>
    public static byte[] Avro(IOrderMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (contracts, schemas) = Shared.Value;
        var contract = contracts.For(message.GetType());
        return ConfluentWireFormat.Encode(schemas.IdOf(contract),
            ContractRecordMapper.Create(message.GetType(), contract.Schema).ToRecord(message));
    }

    /// <summary>
    /// A record of <paramref name="source"/>'s dead-letter topic as the rider's filter writes it after
    /// <paramref name="service"/> gave up on it at <paramref name="sourceOffset"/> of partition 0 (a MessageId header
    /// only when <paramref name="messageId"/> is given).
    /// </summary>
    public static Message<byte[], byte[]> DeadLetter(TopicDefinition source, string? key, byte[] value, Guid? messageId,
        long sourceOffset, string reason = "faulted", string service = "orchestrator",
        string exceptionType = "System.InvalidOperationException", DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var record = new Message<byte[], byte[]> { Key = key is null ? null! : Encoding.UTF8.GetBytes(key),
            Value = value, Headers = [] };
        void Add(string name, string text) => record.Headers.Add(name, Encoding.UTF8.GetBytes(text));
        if (messageId is { } id)
        {
            Add(KafkaHeaders.MessageId, id.ToString());
        }

        Add(DeadLetterHeaders.Reason, reason);
        Add(DeadLetterHeaders.ExceptionType, exceptionType);
        Add(DeadLetterHeaders.ExceptionMessage, "it went wrong");
        Add(DeadLetterHeaders.SourceTopic, source.Name);
        Add(DeadLetterHeaders.SourcePartition, "0");
        Add(DeadLetterHeaders.SourceOffset, sourceOffset.ToString(CultureInfo.InvariantCulture));
        Add(DeadLetterHeaders.ConsumerGroup, KafkaMessagingExtensions.ConsumerGroup(service, source.Name));
        Add(DeadLetterHeaders.Timestamp, (at ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture));
        return record;
    }
}
