using OrderFulfillment.Contracts;
using OrderFulfillment.Messaging.Avro;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.ServiceDefaults;

/// <summary>
/// The platform's contracts as Avro: each topic's message type with the schema versions this build carries.
/// </summary>
public static class PlatformSchemas
{
    /// <summary>Every released version of every contract, embedded in OrderFulfillment.Contracts.</summary>
    public static IReadOnlyList<VersionedSchema> All { get; } = SchemaFolder.LoadEmbedded(typeof(Topics).Assembly);

    /// <summary>Adds every topic's message type, under the topic's value subject and compatibility mode.</summary>
    public static AvroContracts AddPlatformContracts(this AvroContracts contracts)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        foreach (var topic in Topics.All)
        {
            var versions = All.Where(s => s.Contract == topic.MessageType.Name).Select(s => s.Text).ToList();
            contracts.Add(topic.MessageType, topic.ValueSubject, versions, topic.Compatibility);
        }

        return contracts;
    }
}
