using Avro;
using OrderFulfillment.Contracts;
using OrderFulfillment.Schemas;

namespace OrderFulfillment.Messaging.Avro.Tests;

/// <summary>The schemas embedded in the Contracts assembly, parsed once: the instances every test shares.</summary>
internal static class ContractSchemas
{
    private static readonly IReadOnlyList<VersionedSchema> All = SchemaFolder.LoadEmbedded(typeof(Topics).Assembly);

    public static RecordSchema Latest(Type contract) =>
        (RecordSchema)All.Where(s => s.Contract == contract.Name).MaxBy(s => s.Version)!.Schema;

    public static RecordSchema Version(Type contract, int version) =>
        (RecordSchema)All.Single(s => s.Contract == contract.Name && s.Version == version).Schema;
}
