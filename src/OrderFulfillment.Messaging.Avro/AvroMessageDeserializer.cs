using System.Net.Mime;
using System.Runtime.Serialization;
using Avro;
using MassTransit;
using MassTransit.Serialization;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// Reads Avro values in the Confluent wire format: the schema id names the writer's schema (fetched from the
/// registry once per id), which Avro resolves to the latest schema of the contract registered for the writer
/// schema's name. The value is decoded at once, so a record that is not valid Avro, has an unknown schema id or
/// names no known contract fails before any consumer runs, with a <see cref="SerializationException"/> that the
/// topic endpoint dead-letters as <c>undeserializable</c>.
/// </summary>
public sealed class AvroMessageDeserializer(AvroContracts contracts, RegisteredSchemas schemas,
    AvroMessageSerializer serializer) : IMessageDeserializer
{
    /// <inheritdoc />
    public ContentType ContentType => AvroMessageSerializer.AvroContentType;

    /// <inheritdoc />
    public void Probe(ProbeContext context) =>
        context.CreateScope("avro").Add("contentType", ContentType.MediaType);

    /// <inheritdoc />
    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        ArgumentNullException.ThrowIfNull(receiveContext);
        return new BodyConsumeContext(receiveContext,
            Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress));
    }

    /// <inheritdoc />
    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var value = body.GetBytes();
        var writer = schemas.WriterSchema(ConfluentWireFormat.ReadSchemaId(value));
        if (writer is not RecordSchema record)
        {
            throw new SerializationException($"The writer schema is a {writer.Tag}, not a record.");
        }

        var contract = contracts.ForRecordName(record.Fullname)
            ?? throw new SerializationException(
                $"No contract of this service is read from records named {record.Fullname}.");
        object message;
        try
        {
            message = contract.Mapper.FromRecord(ConfluentWireFormat.Decode(value, writer, contract.Schema));
        }
        catch (Exception ex) when (ex is not SerializationException)
        {
            throw new SerializationException($"The value is not a valid {contract.MessageType.Name}: {ex.Message}", ex);
        }

        var messageContext = new RawMessageContext(headers, destinationAddress, RawSerializerOptions.Default);
        return new AvroSerializerContext(messageContext, headers.GetMessageTypes(), message, serializer);
    }

    /// <inheritdoc />
    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);
}
