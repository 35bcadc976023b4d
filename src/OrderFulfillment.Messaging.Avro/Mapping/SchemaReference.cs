using System.Runtime.CompilerServices;
using Avro;

namespace OrderFulfillment.Messaging.Avro.Mapping;

/// <summary>
/// A schema as a cache key by identity. Apache.Avro's <c>Schema.Equals</c> and hash code walk the whole
/// schema; the schemas in use are a few long-lived instances, so identity is both right and cheap.
/// </summary>
internal readonly struct SchemaReference(Schema schema) : IEquatable<SchemaReference>
{
    public Schema Schema { get; } = schema;

    public bool Equals(SchemaReference other) => ReferenceEquals(Schema, other.Schema);

    public override bool Equals(object? obj) => obj is SchemaReference other && Equals(other);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(Schema);
}
