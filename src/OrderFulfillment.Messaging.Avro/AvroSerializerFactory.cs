using System.Net.Mime;
using MassTransit;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// Avro in the Confluent wire format, for <c>k.AddSerializer</c> / <c>k.AddDeserializer</c> on the Kafka rider.
/// </summary>
public sealed class AvroSerializerFactory(AvroContracts contracts, RegisteredSchemas schemas) : ISerializerFactory
{
    private readonly AvroMessageSerializer _serializer = new(contracts, schemas);

    /// <inheritdoc />
    public ContentType ContentType => AvroMessageSerializer.AvroContentType;

    /// <inheritdoc />
    public IMessageSerializer CreateSerializer() => _serializer;

    /// <inheritdoc />
    public IMessageDeserializer CreateDeserializer() => new AvroMessageDeserializer(contracts, schemas, _serializer);
}
