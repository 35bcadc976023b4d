using System.Net.Mime;
using MassTransit;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// Writes a message as Avro in the Confluent wire format: magic byte 0, the 4-byte big-endian id of its contract's
/// latest schema, then the Avro binary encoding. Ids, message type and trace context travel in the record's headers.
/// </summary>
public sealed class AvroMessageSerializer(AvroContracts contracts, RegisteredSchemas schemas) : IMessageSerializer
{
    /// <summary>The content type of Avro values in the Confluent wire format.</summary>
    public static readonly ContentType AvroContentType = new("application/vnd.confluent.avro");

    /// <inheritdoc />
    public ContentType ContentType => AvroContentType;

    /// <inheritdoc />
    public MessageBody GetMessageBody<T>(SendContext<T> context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ContentType = AvroContentType;
        return new BytesMessageBody(Serialize(context.Message));
    }

    internal byte[] Serialize(object message)
    {
        var contract = contracts.For(message.GetType());
        return ConfluentWireFormat.Encode(schemas.IdOf(contract), contract.Mapper.ToRecord(message));
    }
}
