using Avro;

namespace OrderFulfillment.Schemas;

/// <summary>
/// One released version of a contract's schema, as checked in under <c>{Contract}/v{Version}.avsc</c>.
/// </summary>
/// <param name="Contract">The contract's name: the folder's name and the record's unqualified name.</param>
/// <param name="Version">The version, from 1, taken from the file name.</param>
/// <param name="Schema">The parsed schema.</param>
/// <param name="Text">The file's text, as registered with a schema registry.</param>
public sealed record VersionedSchema(string Contract, int Version, Schema Schema, string Text)
{
    /// <inheritdoc />
    public override string ToString() => $"{Contract} v{Version}";
}
