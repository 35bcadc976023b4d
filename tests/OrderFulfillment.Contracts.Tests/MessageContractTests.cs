using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Avro;
using FluentAssertions;
using MassTransit;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.Contracts.Tests;

/// <summary>
/// The wire form of every message, as the services write it (Avro in the Confluent wire format, with its latest
/// schema; the schema id is fixed at 1 here, the registry assigns the real one), compared with a reviewed snapshot:
/// the bytes in hex and, to review them, what they decode to. A renamed field, a changed type or a moved namespace
/// (part of the message type URN in the headers) shows up as a diff here before it breaks a consumer.
/// </summary>
public sealed class MessageContractTests
{
    private static readonly JsonSerializerOptions Indented =
        new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static IEnumerable<Type> Messages() =>
        typeof(IOrderMessage).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IOrderMessage).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    [Test]
    public void Every_message_is_a_sealed_immutable_record_named_for_what_it_is()
    {
        foreach (var message in Messages())
        {
            message.IsSealed.Should().BeTrue(message.Name);
            message.GetMethod("<Clone>$").Should().NotBeNull($"{message.Name} is a record");
            message.GetProperties()
                .Where(p => p.SetMethod is { } setter && !setter.ReturnParameter.GetRequiredCustomModifiers()
                    .Contains(typeof(System.Runtime.CompilerServices.IsExternalInit)))
                .Should().BeEmpty($"{message.Name} has only init-only properties");
        }
    }

    [Test]
    public void The_wire_form_of_every_message_matches_the_reviewed_snapshot()
    {
        var current = new JsonObject();
        foreach (var message in Messages())
        {
            var schema = Latest[message.Name];
            var record = ContractRecordMapper.Create(message, (RecordSchema)schema.Schema).ToRecord(Sample(message));
            current[MessageUrn.ForTypeString(message)] = new JsonObject
            {
                ["schema"] = schema.ToString(),
                ["value"] = Convert.ToHexStringLower(ConfluentWireFormat.Encode(1, record)),
                ["decoded"] = JsonNode.Parse(AvroJson.ToJson(record).GetRawText()),
            };
        }

        var path = Path.Combine(TopicCatalogueTests.RepositoryRoot(), "tests", "OrderFulfillment.Contracts.Tests",
            "Snapshots", "messages.json");
        var expected = File.Exists(path) ? File.ReadAllText(path) : "(no snapshot yet)";
        var actual = current.ToJsonString(Indented) + "\n";
        if (actual != expected)
        {
            // Written next to the snapshot for review; replace the snapshot with it only for an intended change.
            File.WriteAllText(path + ".received", actual);
        }

        actual.Should()
            .Be(expected,
                "a contract change must be deliberate: review Snapshots/messages.json.received and replace the " +
                "snapshot with it");
    }

    private static readonly Dictionary<string, VersionedSchema> Latest =
        SchemaFolder.LoadEmbedded(typeof(Topics).Assembly)
        .GroupBy(s => s.Contract).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Version)!);

    /// <summary>A message with fixed values, built through its positional constructor.</summary>
    private static object Sample(Type message)
    {
        var constructor = message.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke([.. constructor.GetParameters().Select(p => Value(p.ParameterType, p.Name!))]);
    }

    private static object Value(Type type, string name) => type switch
    {
        _ when type == typeof(Guid) => new Guid("0b4a4a52-65a4-4c4e-9b0a-3c1d2e6f7a80"),
        _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero),
        _ when type == typeof(string) => name + "-value",
        _ when type == typeof(int) => 3,
        _ when type == typeof(bool) => true,
        _ when type == typeof(decimal) => 12.50m,
        _ when type == typeof(IReadOnlyList<OrderLine>) => new List<OrderLine> { new("sku-1", 2, 9.99m) },
        _ => throw new InvalidOperationException($"No sample value for {type.Name} {name}; add one here."),
    };
}
