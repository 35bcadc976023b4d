using System.Text.Json;
using OrderFulfillment.Contracts;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.ServiceDefaults.Validation;

namespace OrderFulfillment.Orchestrator.DeadLetters;

/// <summary>
/// Turns an operator's edited body (JSON, shaped as the list shows bodies: the schema's field names, uuids and times
/// as strings) into the source topic's Avro value, checking it on the way as strictly as a consumer would: every
/// field of the contract present and of its type, no unknown field, the contract's validation rules, the schema's
/// limits (a decimal's scale), and the order id unchanged (it is the record key).
/// </summary>
public sealed class DeadLetterBodies(AvroContracts contracts, RegisteredSchemas schemas)
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The value to produce, or the problems by field (the value is then null).</summary>
    public (byte[]? Value, Dictionary<string, string[]> Errors) Encode(TopicDefinition topic, JsonElement body,
        Guid orderId)
    {
        ArgumentNullException.ThrowIfNull(topic);
        object? message;
        try
        {
            message = body.Deserialize(topic.MessageType, Strict);
        }
        catch (JsonException ex)
        {
            return Problem(ex.Path is { Length: > 1 } path ? "body" + path[1..] : "body",
                $"Does not fit {topic.MessageType.Name}: {ex.Message}");
        }

        if (message is not IOrderMessage order)
        {
            return Problem("body", $"A {topic.MessageType.Name} object is required.");
        }

        if (MessageValidator.Check(order) is { } invalid)
        {
            return Problem("body." + invalid.Field, invalid.Message);
        }

        if (order.OrderId != orderId)
        {
            return Problem("body.orderId", $"Must stay {orderId}: the order id is the record's key.");
        }

        var contract = contracts.For(topic.MessageType);
        try
        {
            var record = ContractRecordMapper.Create(topic.MessageType, contract.Schema).ToRecord(message);
            return (ConfluentWireFormat.Encode(schemas.IdOf(contract), record), []);
        }
        catch (ArgumentException ex)
        {
            return Problem("body", $"Does not fit the schema of {topic.ValueSubject}: {ex.Message}");
        }
    }

    private static (byte[]?, Dictionary<string, string[]>) Problem(string field, string message) =>
        (null, new() { [field] = [message] });
}
